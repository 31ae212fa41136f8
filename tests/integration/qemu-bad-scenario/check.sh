#!/usr/bin/env bash
# The scenario's path travels through \ballast\scenario.name: a bad
# scenario booted from the ESP is reported as file:line:column under its
# original path, and QEMU ends with status 9 (4 << 1 | 1).
. "$(dirname "$0")/../lib/qemu-lib.sh"

qemu_scn=tests/integration/bad-scenario/bad-scenario.scn
build_parts && esp_image bad-scenario build/ballast.elf || { not_ok "build the ESP"; exit 1; }
run_qemu ovmf bad-scenario "$image"

check "the loader names the scenario after scenario.name" has '^ballast-efi: the scenario is named tests/integration/bad-scenario/bad-scenario\.scn$'
check "the loader passes the scenario as $qemu_scn" has "^ballast-efi: module tests/integration/bad-scenario/bad-scenario\.scn: "
check "the parse error names the original path" has '^tests/integration/bad-scenario/bad-scenario\.scn:3:[0-9]+: .*tuch'
check "run status 4 (bad scenario)" [ "$boot_status" -eq 4 ]
check "QEMU exit status 9" [ "$qemu_status" = 9 ]
