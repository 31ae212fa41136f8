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

# The guest's side of the case study (issue 12), on the traces: the
# states, the working set shrinking once ballooned, page reads from about
# 0 to well over 100 a second, the shared disk busy, run time less steal
# about 3x, collections about the same in both runs.
facts() { awk -f tests/integration/case-study/guest-facts.awk "$1"; awk -f scripts/experiment/facts.awk "$1"; }
cf=$(facts "$trace") bf=$(facts "$WORK/b/trace.csv")
c() { sed -n "s/^$1=//p" <<<"$cf" | head -1; }
b() { sed -n "s/^$1=//p" <<<"$bf" | head -1; }
pages=$(awk '/^guest ws1 / { sub("memory_pages=", "", $3); print $3 }' "$WORK/c/summary.txt")
echo "# states visited: $order"
case "$order" in *soft*) ;; *) false ;; esac && case "$order" in *hard*) ;; *) false ;; esac &&
	case "$order" in *low*) ;; *) false ;; esac
check "sim contention: soft, hard and low are all visited" $?
echo "# working set: baseline peak $(b ws_before_ws1), contention before ballooning $(c ws_before_ws1), ballooned $(c ws_ballooned_ws1) of $pages pages"
[ $((100 * $(b ws_before_ws1))) -ge $((70 * pages)) ] && [ $((100 * $(c ws_before_ws1))) -lt $((50 * pages)) ] &&
	[ $((100 * $(c ws_ballooned_ws1))) -le $((32 * pages)) ]
check "sim contention: the working set shrinks from ~3/4 of memory (baseline) to under half, then about a quarter once ballooned" $?
# guest-facts.awk gives page reads per 10 s (the scaled runs' unit)
rb=$(($(b reads_rate_before_ws1) / 10)) rc=$(($(c reads_rate_ballooned_ws1) / 10))
echo "# page reads/s: baseline $rb, contention ballooned $rc"
[ "$rb" -le 5 ] && [ "$rc" -ge 120 ]
check "sim contention: page reads go from about 0 a second to over 120" $?
echo "# disk busy while ballooned: $(c busy_pct) %"
[ "$(c busy_pct)" -ge 80 ]
check "sim contention: the shared disk is 80 % busy or more" $?
net_ratio=$(awk -v c="$(c net_s_ws1)" -v b="$(b net_s_ws1)" 'BEGIN { printf "%.2f", c / b }')
echo "# run time less steal: contention $(c net_s_ws1) s, baseline $(b net_s_ws1) s, ratio $net_ratio"
awk -v r="$net_ratio" 'BEGIN { exit !(r >= 2.5 && r <= 3.5) }'
check "sim contention: run time less steal about 3x the baseline's" $?
echo "# collections: baseline $(b collections_ws1), contention $(c collections_ws1)"
[ $((10 * $(c collections_ws1))) -ge $((9 * $(b collections_ws1))) ] &&
	[ $((10 * $(c collections_ws1))) -le $((11 * $(b collections_ws1))) ]
check "sim contention: collections within 10 % of the baseline's" $?
[ "$failures" -eq 0 ]
