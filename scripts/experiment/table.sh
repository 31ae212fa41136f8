#!/usr/bin/env bash
# table.sh BASELINE_TRACE CONTENTION_TRACE TITLE
# Prints the experiment's table for one pair, every number from the two
# traces (facts.awk): each guest's run time and run time less steal,
# baseline against contention, its peak balloon target, pages the
# hypervisor swapped out, its page reads and collections; then the time
# each run spent in each memory state and the disk's busy share.
set -eu
base=$1 cont=$2 title=$3
here=$(dirname "$0")
bf=$(awk -f "$here/facts.awk" "$base")
cf=$(awk -f "$here/facts.awk" "$cont")
b() { sed -n "s/^$1=//p" <<<"$bf"; }
c() { sed -n "s/^$1=//p" <<<"$cf"; }
bg=$(b guests) bfirst=${bg%% *}
total=$(awk -F, 'NR == 2 { print $5; exit }' "$cont")
echo "## $title"
echo
echo "| guest | run (s) base -> cont | ratio | less steal (s) base -> cont | ratio | peak target (pages) | swapped out (pages) | page reads base -> cont | collections base -> cont |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for g in $(c guests); do
	bg1=$g
	[ -n "$(b run_s_$g)" ] || bg1=$bfirst
	awk -v g="$g" -v br="$(b run_s_$bg1)" -v cr="$(c run_s_$g)" \
		-v bn="$(b net_s_$bg1)" -v cn="$(c net_s_$g)" -v pt="$(c peak_target_$g)" \
		-v so="$(c swap_out_$g)" -v brd="$(b page_reads_$bg1)" -v crd="$(c page_reads_$g)" \
		-v bc="$(b collections_$bg1)" -v cc="$(c collections_$g)" 'BEGIN {
		printf "| %s | %.1f -> %.1f | %.2fx | %.1f -> %.1f | %.2fx | %d | %d | %d -> %d | %d -> %d |\n",
			g, br, cr, br ? cr / br : 0, bn, cn, bn ? cn / bn : 0, pt, so, brd, crd, bc, cc }'
done
echo
echo "| run | high (s) | soft (s) | hard (s) | low (s) | disk busy |"
echo "| --- | --- | --- | --- | --- | --- |"
for run in baseline contention; do
	f=b
	[ $run = contention ] && f=c
	echo "| $run | $($f state_high_s) | $($f state_soft_s) | $($f state_hard_s) | $($f state_low_s) | $($f busy_pct) % |"
done
echo
echo "machine: $total pages; a guest's peak target as a share of its memory is in the figures (fig11)."
