#!/usr/bin/env bash
# An ESP without the guest image: the loader says which file is missing
# and returns to the firmware; the hypervisor never starts.
. "$(dirname "$0")/../lib/qemu-lib.sh"

build_parts && esp_image missing-guest build/ballast.elf &&
	MTOOLS_SKIP_CHECK=1 mdel -i "$image" ::/ballast/guest-stub.bin ||
	{ not_ok "build the ESP"; exit 1; }
run_qemu ovmf missing-guest "$image"

check "the loader names the missing file" has '^ballast-efi: error: cannot read \\ballast\\guest-stub\.bin \(Not Found\)$'
check "the loader returns to the firmware" has '^ballast-efi: boot failed, returning to the firmware'
check "run-qemu.sh reports the loader's failure (123)" [ "$boot_status" -eq 123 ]
check "the hypervisor never starts" lacks '^ballast: hypervisor starting'
