#!/usr/bin/env bash
# The Multiboot2 ISO under QEMU (SeaBIOS, GRUB) reaches the same point as
# the ESP: modules intact, the memory map within -m, the guest run on SVM.
# Then CPUs that lack what Ballast needs: -cpu qemu64 has SVM without
# nested paging, and with -svm neither extension: each missing feature is
# named on a line of its own.
. "$(dirname "$0")/../lib/qemu-lib.sh"

iso=build/iso/test-qemu.iso
build_parts && scripts/make-iso.sh "$iso" build/ballast.elf build/guest-stub.bin "$qemu_scn" ||
	{ not_ok "build the ISO"; exit 1; }
run_qemu iso iso "$iso"

check "the hypervisor started from GRUB" has '^ballast: hypervisor starting$'
check_module guest-stub.bin build/guest-stub.bin
check_module "$qemu_scn" "$qemu_scn"
check "the usable memory is 85-100% of -m $qemu_megs" usable_in_range
check_svm_run

QEMU_CPU=qemu64 run_qemu iso iso-no-npt "$iso"
check_no_virt 'SVM feature missing: nested paging \(NPT\)'
QEMU_CPU=qemu64,-svm run_qemu iso iso-no-svm "$iso"
check_no_virt 'this CPU has no VMX \(VT-x\)' 'this CPU has no SVM \(AMD-V\)'
