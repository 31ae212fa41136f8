#!/usr/bin/env bash
# The case study at full scale: four 8 GiB guests on 16 GiB. Checks on the
# trace that the state goes high, then soft, then hard; that each guest's
# balloon target climbs to about half its memory; and that the run takes
# clearly longer than the one-guest baseline (the case study saw ~3x).
set -u
. "$(dirname "$0")/../lib/sim-lib.sh"

simulate scenarios/case-study-contention.scn "$WORK/c"
check "sim contention: simulator runs" $?
simulate scenarios/case-study-baseline.scn "$WORK/b"
check "sim contention: baseline runs" $?
trace=$WORK/c/trace.csv

head -1 "$trace" | grep -q '^t_ms,guest,state,free_pages,total_pages,granted_pages,balloon_target_pages,balloon_pages,swap_target_pages,swapped_pages,swap_in,swap_out,blocked,guest_avail_pages,guest_ws_pages,guest_major_faults,guest_lowmem_events'
check "sim contention: trace columns as docs/design.md section 9" $?

st=$(column "$trace" state)
order=$(awk -F, -v c="$st" 'NR > 1 && !seen[$c]++ { printf "%s ", $c }' "$trace")
echo "# states in order of first appearance: $order"
case "$order" in
high\ soft\ hard*) true ;;
*) false ;;
esac
check "sim contention: state goes high, soft, hard" $?

# Peak balloon target per guest as a share of its memory: 40-65 %.
tgt=$(column "$trace" balloon_target_pages)
ok=0
for line in $(grep '^guest ' "$WORK/c/summary.txt" | awk '{ print $2 "=" $3 }'); do
	name=${line%%=*}
	pages=${line##*=}
	peak=$(awk -F, -v c="$tgt" -v g="$name" 'NR > 1 && $2 == g && $c > m { m = $c } END { print m + 0 }' "$trace")
	pct=$((100 * peak / pages))
	echo "# $name: peak balloon target $peak of $pages pages ($pct %)"
	[ "$pct" -ge 40 ] && [ "$pct" -le 65 ] || ok=1
done
check "sim contention: balloon targets reach about half of each guest" $ok

swp=$(column "$trace" swap_out)
awk -F, -v c="$swp" 'NR > 1 && $c > 0 { found = 1 } END { exit !found }' "$trace"
check "sim contention: hard state swaps pages out" $?

tc=$(runtime "$WORK/c/summary.txt")
tb=$(runtime "$WORK/b/summary.txt")
ratio=$(awk -v c="$tc" -v b="$tb" 'BEGIN { printf "%.2f", c / b }')
echo "# run time: contention $tc s, baseline $tb s, ratio $ratio"
awk -v r="$ratio" 'BEGIN { exit !(r >= 2.0) }'
check "sim contention: run time clearly longer than baseline (ratio $ratio)" $?
[ "$failures" -eq 0 ]
