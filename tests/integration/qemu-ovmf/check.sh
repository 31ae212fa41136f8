#!/usr/bin/env bash
# The ESP under QEMU with OVMF: the UEFI loader finds each file, the
# hypervisor receives the modules intact (the loader's, the hypervisor's
# and the host's CRC-32 agree) and a memory map whose usable total fits
# QEMU's -m, and runs the guest on the SVM back end (QEMU exit status 1).
. "$(dirname "$0")/../lib/qemu-lib.sh"

build_parts && esp_image ovmf build/ballast.elf || { not_ok "build the ESP"; exit 1; }
run_qemu ovmf ovmf "$image"

for f in ballast.elf:build/ballast.elf guest-stub.bin:build/guest-stub.bin \
	scenario.scn:$qemu_scn; do
	name=${f%%:*} file=${f#*:}
	check "the loader found \\ballast\\$name with its size and checksum" \
		[ "$(size_crc "ballast-efi: file \\ballast\\$name: ")" = "$(stat -c %s "$file") $(crc_of "$file")" ]
done
check "the loader placed the hypervisor and jumped" has '^ballast-efi: exiting boot services, starting the hypervisor$'
check "the hypervisor started after the loader" has '^ballast: hypervisor starting$'
check_module guest-stub.bin build/guest-stub.bin
check_module "$qemu_scn" "$qemu_scn"
check "loader and hypervisor agree on the guest image" \
	[ "$(size_crc 'ballast-efi: file \ballast\guest-stub.bin: ')" = "$(size_crc 'ballast: module guest-stub.bin: ')" ]
check "the usable memory is 85-100% of -m $qemu_megs" usable_in_range
check_svm_run
