#!/usr/bin/env bash
# A truncated hypervisor ELF (its first 8 KiB): the loader refuses it with
# the reason and returns to the firmware; nothing is jumped to. The ESP
# also lacks \ballast\scenario.name, which the loader reads before the
# ELF is checked: the scenario then goes by its default name.
. "$(dirname "$0")/../lib/qemu-lib.sh"

short=build/esp/truncated-ballast.elf
build_parts && head -c 8192 build/ballast.elf > "$short" &&
	esp_image truncated-elf "$short" &&
	MTOOLS_SKIP_CHECK=1 mdel -i "$image" ::/ballast/scenario.name ||
	{ not_ok "build the ESP"; exit 1; }
run_qemu ovmf truncated-elf "$image"

check "the loader reads the 8192-byte file" has '^ballast-efi: file \\ballast\\ballast\.elf: 8192 bytes, '
check "the loader refuses it as truncated" has '^ballast-efi: error: \\ballast\\ballast\.elf: .*truncated.* \(Load Error\)$'
check "the loader returns to the firmware" has '^ballast-efi: boot failed, returning to the firmware'
check "run-qemu.sh reports the loader's failure (123)" [ "$boot_status" -eq 123 ]
check "nothing is jumped to" lacks '^ballast-efi: exiting boot services'
check "without scenario.name the scenario is named scenario.scn" has '^ballast-efi: the scenario is named scenario\.scn$'
