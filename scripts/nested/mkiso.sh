#!/usr/bin/env bash
# mkiso.sh OUT.iso PARTS BASE.cpio.zst SCENARIO ESP
# The L1 machine for one scenario: a GRUB ISO (BIOS) that boots the cloud
# kernel in PARTS with two initramfs archives, the base one (scripts/
# nested/mkinitrd.sh) and a small one holding what make run-kvm would use
# from the checkout: /ballast/scripts/{run-qemu.sh,verdict.sh,
# make-swap-disk.sh}, the scenario's ESP as /ballast/build/esp.img and the
# scenario itself in /ballast/scenario/. The kernel unpacks both into one
# root file system. Reproducible: every date is SOURCE_DATE_EPOCH.
set -eu
out=$1 parts=$2 base=$3 scn=$4 esp=$5
here=$(dirname "$0")
. "$here/../repro.sh"
. "$here/clock.sh"
kver=$(ls "$parts/kernel/lib/modules")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

top=$dir/ballast-root/ballast
mkdir -p "$top/scripts" "$top/build" "$top/scenario" "$dir/iso/boot/grub"
cp "$here/../run-qemu.sh" "$here/../verdict.sh" "$here/../make-swap-disk.sh" "$top/scripts/"
cp "$esp" "$top/build/esp.img"
cp "$scn" "$top/scenario/"
find "$dir/ballast-root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$dir/ballast-root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 --reproducible |
	zstd -q -10 -T0) > "$dir/iso/boot/ballast.cpio.zst"

cp "$parts/kernel/boot/vmlinuz-$kver" "$dir/iso/boot/vmlinuz"
cp "$base" "$dir/iso/boot/base.cpio.zst"
# cryptomgr.notests: the crypto self-tests cost minutes in Bochs;
# nokaslr keeps the boot's instruction count the same run to run;
# tsc_early_khz: see clock.sh.
cat > "$dir/iso/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "Ballast nested under KVM" {
	linux /boot/vmlinuz console=ttyS0,115200 cryptomgr.notests nokaslr loglevel=4 tsc_early_khz=$NESTED_TSC_KHZ
	initrd /boot/base.cpio.zst /boot/ballast.cpio.zst
}
CFG
grub_iso "$out" "$dir/iso" "linux normal"
