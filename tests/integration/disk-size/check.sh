#!/usr/bin/env bash
# The trace does not depend on the swap disk's size: the same scenario and
# seed on a disk just big enough and on one three times as large give the
# same trace, byte for byte. (Under Bochs a read's time depends on its
# seek distance as a share of the disk; the run's clock gives each page
# the disk queue's time at the scenario's bandwidth instead, hides console
# output, and starts after the TSC measurement, whose length depends on
# the PIT's phase.) A disk too small for the swap area and the guests'
# paging areas after it is a bad scenario.
. "$(dirname "$0")/../lib/lib.sh"

boot disk-size tests/integration/swap-mixed/swap-mixed.scn
check "run status 0 on a disk just big enough" [ "$boot_status" -eq 0 ]
check "it swapped" has '^swap: out [1-9][0-9]*, in [1-9][0-9]*,'
cp "$out/trace.csv" "$out/trace.small.csv"
DISK_TIMES=3 boot disk-size tests/integration/swap-mixed/swap-mixed.scn
check "run status 0 on a disk three times as large" [ "$boot_status" -eq 0 ]
check "the same trace, byte for byte, on either disk" \
	cmp -s "$out/trace.csv" "$out/trace.small.csv"

# Paging areas sit after the swap area: a disk sized for the swap area
# alone, or no disk, is a bad scenario, said so, and nothing runs.
swap_only=$(mktemp)
grep -v '^guest' tests/integration/disk-size/paging.scn > "$swap_only"
echo 'guest   a memory=16M' >> "$swap_only"
DISK_FOR=$swap_only boot disk-size-paging tests/integration/disk-size/paging.scn
rm -f "$swap_only"
check "a disk too small for swap and the paging areas: status 4" [ "$boot_status" -eq 4 ]
check "it says what the disk needs and has" \
	has '^ballast: bad scenario: swap \(8 MiB\) and the guests'"'"' paging areas \(4 MiB\) need 24648 sectors; the disk has [0-9]+: nothing runs$'
check "no guest ran" lacks '^ballast: guest 1 a: exited'
boot disk-size-paging tests/integration/disk-size/paging.scn none
check "paging areas and no disk: status 4" [ "$boot_status" -eq 4 ]
check "it says the areas need the swap disk" \
	has '^ballast: bad scenario: its guests'"'"' paging areas \(4 MiB\) need the swap disk, and there is no swap area: nothing runs$'
boot disk-size-paging tests/integration/disk-size/paging.scn
check "a disk sized for both: status 0" [ "$boot_status" -eq 0 ]
check "the area is laid out after the swap area's 2048 slots" \
	has '^ballast: guest 1 a: paging area of 8192 sectors at sector 16456$'
