#!/usr/bin/env bash
# make-esp.sh OUT.img BOOTX64.EFI HV.elf GUEST.bin SCENARIO.scn
# Builds a FAT EFI system partition image with mtools only (no loop mount,
# no root):
#   \EFI\BOOT\BOOTX64.EFI     the loader, where firmware looks on removable media
#   \ballast\ballast.elf      the hypervisor
#   \ballast\guest-stub.bin   the guest image
#   \ballast\scenario.scn     the scenario, under a fixed name
#   \ballast\scenario.name    the scenario's name (scripts/repro.sh), which the
#                             hypervisor prints in parse errors
# The image is a bare FAT16 file system, no partition table: QEMU's OVMF
# boots it as a disk, and `dd` writes it to a USB stick as is.
# Reproducible (scripts/repro.sh): every date in the image is
# SOURCE_DATE_EPOCH and the volume serial number is derived from it.
# Environment: ESP_MIB, the image size (default 16).
set -eu
out=$1 efi=$2 hv=$3 guest=$4 scn=$5
. "$(dirname "$0")/repro.sh"
size_mib=${ESP_MIB:-16}
for f in "$efi" "$hv" "$guest" "$scn"; do
	[ -f "$f" ] || { echo "make-esp.sh: $f is missing" >&2; exit 1; }
done
command -v mformat >/dev/null || { echo "make-esp.sh: mtools is missing: run scripts/deps.sh" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tmp=$out.tmp
files=$(mktemp -d)
trap 'rm -rf "$files"' EXIT
rm -f "$tmp"
cp "$efi" "$files/BOOTX64.EFI"
cp "$hv" "$files/ballast.elf"
cp "$guest" "$files/guest-stub.bin"
cp "$scn" "$files/scenario.scn"
scenario_name "$scn" > "$files/scenario.name"
touch -d "@$SOURCE_DATE_EPOCH" "$files"/*
truncate -s "${size_mib}M" "$tmp"
export MTOOLS_SKIP_CHECK=1
mformat -i "$tmp" -N "$(printf '%08x' $((SOURCE_DATE_EPOCH & 0xffffffff)))" -v BALLAST -T $((size_mib * 2048)) -h 64 -s 32 ::
mmd -i "$tmp" ::/EFI ::/EFI/BOOT ::/ballast
mcopy -m -i "$tmp" "$files/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
mcopy -m -i "$tmp" "$files/ballast.elf" "$files/guest-stub.bin" \
	"$files/scenario.scn" "$files/scenario.name" ::/ballast/
mv "$tmp" "$out"
