#!/usr/bin/env bash
# make-iso.sh OUT.iso HV.elf GUEST.bin SCENARIO.scn
# Builds a small GRUB rescue ISO (grub_iso in scripts/repro.sh): only the
# modules Multiboot2 needs, no fonts, locales or themes, which makes it
# boot faster in Bochs.
# Each kernel a guest line names (kernel=FILE) goes in as a module named
# FILE, after the guest stub (the hypervisor takes the first *.bin module
# as the stub); FILE is looked for in KERNEL_PATH (colon-separated,
# default: the scenario's folder, build/, /boot).
# Reproducible (scripts/repro.sh): every date in it, the files', the
# volume's and the UUID GRUB finds it by, is SOURCE_DATE_EPOCH.
set -eu
out=$1 hv=$2 guest=$3 scn=$4
. "$(dirname "$0")/repro.sh"
name=$(scenario_name "$scn")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$hv" "$dir/boot/ballast.elf"
cp "$guest" "$dir/boot/guest-stub.bin"
cp "$scn" "$dir/boot/scenario.scn"
kernels=$(kernel_modules "$scn" "$dir/boot/kernels")
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "Ballast" {
	multiboot2 /boot/ballast.elf
	module2 /boot/guest-stub.bin guest-stub.bin
$kernels
	module2 /boot/scenario.scn $name
	boot
}
CFG
grub_iso "$out" "$dir" "multiboot2 normal serial terminal"
