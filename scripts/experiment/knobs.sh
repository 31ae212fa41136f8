#!/usr/bin/env bash
# knobs.sh [OUTDIR]: the lab's knobs (docs/experiments.md), each turned
# once on the full-scale contention scenario and run in the simulator,
# against the scenario as it is. Prints one table row per run: states
# visited, peak balloon target, pages the hypervisor swapped, page reads,
# the disk's busy share, and the first guest's run time and run time less
# steal against the one-guest baseline's. A few minutes.
set -eu
out=${1:-out/experiment/knobs}
sim=build/ballast-sim
here=$(dirname "$0")
cont=scenarios/case-study-contention.scn
mkdir -p "$out"

variant() { # variant NAME SED-SCRIPT: the contention scenario, edited
	sed "$2" "$cont" > "$out/$1.scn"
}
variant as-is ''
variant thresholds-8-6-4 's/soft=6% hard=4% low=2%/soft=8% hard=6% low=4%/'
variant minfree 's/model=esx soft=6% hard=4% low=2%/model=minfree/'
variant tax-0 's/tax=75%/tax=0%/'
variant no-driver-ws1 '/^guest *ws1 /s/balloon=on/balloon=off/'
variant disk-4M 's/bandwidth=8M\/s/bandwidth=4M\/s/'
variant disk-16M 's/bandwidth=8M\/s/bandwidth=16M\/s/'
variant three-guests '/^guest *ws4 /d'
variant max-balloon-40 's/max-balloon=65%/max-balloon=40%/'

"$sim" scenarios/case-study-baseline.scn -o "$out/baseline" >/dev/null
bf=$(awk -f "$here/facts.awk" "$out/baseline/trace.csv")
bnet=$(sed -n 's/^net_s_ws1=//p' <<<"$bf")
brun=$(sed -n 's/^run_s_ws1=//p' <<<"$bf")
echo "| run | states visited | peak target ws1 / ws2 (MiB) | swapped out, all guests (MiB) | page reads ws1 / ws2 | disk busy | ws1 run (s) | ws1 run less steal (s) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for scn in as-is thresholds-8-6-4 minfree tax-0 no-driver-ws1 disk-4M disk-16M three-guests max-balloon-40; do
	"$sim" "$out/$scn.scn" -o "$out/$scn" >/dev/null
	f=$(awk -f "$here/facts.awk" "$out/$scn/trace.csv")
	v() { sed -n "s/^$1=//p" <<<"$f"; }
	states=$(awk -F, 'NR > 1 && !seen[$3]++ { printf "%s%s", sep, $3; sep = " " }' "$out/$scn/trace.csv")
	swapped=0
	for g in $(v guests); do swapped=$((swapped + $(v swap_out_$g))); done
	awk -v n="$scn" -v s="$states" -v t1="$(v peak_target_ws1)" -v t2="$(v peak_target_ws2)" \
		-v sw="$swapped" -v r1="$(v page_reads_ws1)" -v r2="$(v page_reads_ws2)" -v busy="$(v busy_pct)" \
		-v run="$(v run_s_ws1)" -v net="$(v net_s_ws1)" -v brun="$brun" -v bnet="$bnet" 'BEGIN {
		printf "| %s | %s | %.0f / %.0f | %.0f | %d / %d | %d %% | %.0f (%.2fx) | %.0f (%.2fx) |\n",
			n, s, t1 / 256, t2 / 256, sw / 256, r1, r2, busy, run, run / brun, net, net / bnet }'
done
echo
echo "baseline (one guest): run $brun s, run less steal $bnet s"
