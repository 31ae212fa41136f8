#!/usr/bin/env bash
# The ATA driver in both emulators, through the hypervisor's swap set-up:
# it finds the disk at the primary master (the CD-ROM, ISO or ESP on the
# secondary), formats the scenario's area so that build/swapinfo reads it
# back from the image, and runs on without swap when there is no disk or
# the disk is too small.
. "$(dirname "$0")/../lib/qemu-lib.sh"

scn=tests/integration/ata-probe/ata-probe.scn
slots=1024
iso=build/iso/test-ata.iso
make -s build/swapinfo build/BOOTX64.EFI build/ballast.elf build/guest-stub.bin >/dev/null &&
	scripts/make-iso.sh "$iso" build/ballast.elf build/guest-stub.bin "$scn" &&
	scripts/make-esp.sh build/esp/test-ata.img build/BOOTX64.EFI build/ballast.elf \
		build/guest-stub.bin "$scn" ||
	{ not_ok "ata: build the images"; exit 1; }

# bochs NAME [DISK]: boots the ISO in Bochs with DISK as the primary master.
bochs() {
	out=out/test/ata-$1
	BOCHS_QUIET=1 BOCHS_TIMEOUT=${BOCHS_TIMEOUT:-300} scripts/run-bochs.sh "$iso" "$out" "${2:-}"
	boot_status=$?
	console=$out/console.log
}

# disk NAME: a fresh disk for the scenario in out/test/ata-NAME/swap.img;
# its path in $disk, its sectors in $sectors.
disk() {
	disk=out/test/ata-$1/swap.img
	scripts/make-swap-disk.sh "$scn" "$disk"
	sectors=$(($(stat -c %s "$disk") / 512))
}

# formatted: the image holds an empty area of the scenario's size.
formatted() {
	build/swapinfo "$disk" > "$out/swapinfo.txt" &&
		grep -q "^swap area: version 1, 4096-byte pages, $slots slots," "$out/swapinfo.txt" &&
		grep -q "^0 of $slots slots used$" "$out/swapinfo.txt"
}

disk bochs
bochs bochs "$disk"
check "ata: Bochs: the disk found and its area made" \
	has "^ballast: swap: Generic 1234, $sectors sectors; area of $slots slots$"
check "ata: Bochs: swapinfo reads the area from the image" formatted
check "ata: Bochs: the run succeeds with a swap disk" [ "$boot_status" -eq 0 ]

bochs none
check "ata: Bochs without a disk: no swapping" \
	has '^ballast: swap: no disk at the primary ATA master \(status -4\): no swapping$'
check "ata: Bochs without a disk: the run succeeds" [ "$boot_status" -eq 0 ]

# One cylinder (504 KiB) cannot hold 4 MiB of swap.
disk small
truncate -s $((16 * 63 * 512)) "$disk"
bochs small "$disk"
check "ata: Bochs, disk too small: refused, no swapping" \
	has '^ballast: swap: cannot put 4 MiB of swap on Generic 1234, 1008 sectors \(status -2\): no swapping$'
check "ata: Bochs, disk too small: the run succeeds" [ "$boot_status" -eq 0 ]

# QEMU's TCG runs the scenario on the SVM back end, after the swap set-up.
for mode in iso ovmf; do
	image=$iso
	[ $mode = ovmf ] && image=build/esp/test-ata.img
	disk qemu-$mode
	out=out/test/ata-qemu-$mode
	QEMU_QUIET=1 QEMU_TIMEOUT=${QEMU_TIMEOUT:-60} scripts/run-qemu.sh $mode "$image" "$out" "$disk" \
		2>"$out/run-qemu.err"
	console=$out/console.log
	check "ata: QEMU $mode: the disk found and its area made" \
		has "^ballast: swap: QEMU HARDDISK, $sectors sectors; area of $slots slots$"
	check "ata: QEMU $mode: swapinfo reads the area from the image" formatted
done
