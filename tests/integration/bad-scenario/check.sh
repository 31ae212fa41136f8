#!/usr/bin/env bash
# A bad scenario stops the boot with file:line:column and runs nothing.
. "$(dirname "$0")/../lib/lib.sh"

boot bad tests/integration/bad-scenario/bad-scenario.scn
check "run status 4 (bad scenario)" [ "$boot_status" -eq 4 ]
check "the error names file, line and column" has '^tests/integration/bad-scenario/bad-scenario\.scn:3:[0-9]+: .*tuch'
check "no guest ran" lacks '^\[g[12]\]'
