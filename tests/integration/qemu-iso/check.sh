#!/usr/bin/env bash
# The Multiboot2 ISO under QEMU (SeaBIOS, GRUB) reaches the same point as
# the ESP: modules intact, the memory map within -m, the no-VMX report.
. "$(dirname "$0")/../lib/qemu-lib.sh"

iso=build/iso/test-qemu.iso
build_parts && scripts/make-iso.sh "$iso" build/ballast.elf build/guest-stub.bin "$qemu_scn" ||
	{ not_ok "build the ISO"; exit 1; }
run_qemu iso iso "$iso"

check "the hypervisor started from GRUB" has '^ballast: hypervisor starting$'
check_module guest-stub.bin build/guest-stub.bin
check_module "$qemu_scn" "$qemu_scn"
check "the usable memory is 85-100% of -m $qemu_megs" usable_in_range
check_no_vmx
