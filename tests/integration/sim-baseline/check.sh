#!/usr/bin/env bash
# One 8 GiB guest on 16 GiB: no contention. The state stays high, balloon
# and swap targets stay 0, nothing is swapped, the guest finishes.
set -u
. "$(dirname "$0")/../lib/sim-lib.sh"

simulate scenarios/case-study-baseline.scn "$WORK/b"
check "sim baseline: simulator runs" $?
trace=$WORK/b/trace.csv

st=$(column "$trace" state)
awk -F, -v c="$st" 'NR > 1 && $c != "high" { exit 1 }' "$trace"
check "sim baseline: state stays high" $?

for col in balloon_target_pages balloon_pages swap_target_pages swap_out; do
	c=$(column "$trace" $col)
	awk -F, -v c="$c" 'NR > 1 && $c != 0 { exit 1 }' "$trace"
	check "sim baseline: $col stays 0" $?
done

grep -q 'end=exited' "$WORK/b/summary.txt"
check "sim baseline: the guest finishes" $?
[ "$failures" -eq 0 ]
