#!/usr/bin/env bash
# The trace does not depend on the swap disk's size: the same scenario and
# seed on a disk just big enough and on one three times as large give the
# same trace, byte for byte. (Under Bochs a read's time depends on its
# seek distance as a share of the disk; the run's clock charges each page
# at the scenario's bandwidth instead, hides console output, and starts
# after the TSC measurement, whose length depends on the PIT's phase.)
. "$(dirname "$0")/../lib/lib.sh"

boot disk-size tests/integration/swap-mixed/swap-mixed.scn
check "run status 0 on a disk just big enough" [ "$boot_status" -eq 0 ]
check "it swapped" has '^swap: out [1-9][0-9]*, in [1-9][0-9]*,'
cp "$out/trace.csv" "$out/trace.small.csv"
DISK_TIMES=3 boot disk-size tests/integration/swap-mixed/swap-mixed.scn
check "run status 0 on a disk three times as large" [ "$boot_status" -eq 0 ]
check "the same trace, byte for byte, on either disk" \
	cmp -s "$out/trace.csv" "$out/trace.small.csv"
