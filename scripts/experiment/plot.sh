#!/usr/bin/env bash
# plot.sh BASELINE_TRACE CONTENTION_TRACE OUTDIR TITLE
# The case study's figures for one baseline/contention pair, as PNG files
# in OUTDIR, in its units: GiB or MiB (by the machine's size), minutes or
# seconds (by the run's length), and time bins of a thirtieth of the
# baseline's run (the case study's baseline ran 30 one-minute intervals):
#   fig07-memory.png          memory granted per guest, and the memory state
#   fig11-targets.png         balloon targets per guest
#   fig08-guest-baseline.png  the first guest's memory in the baseline:
#                             available, working set, page reads/s
#   fig12-guest-contention.png  the same under contention (figs. 12, 13)
#   fig16-page-reads.png      page reads/s, contention against baseline
#                             (figs. 15, 16)
#   fig17-collections.png     cumulative collections, both runs (10, 17)
#   stall.png                 time each guest waited (for the disk or for
#                             memory), cumulative
# Needs gnuplot and awk.
set -eu
base=$1 cont=$2 out=$3 title=$4
here=$(dirname "$0")
for t in "$base" "$cont"; do
	head -n 1 "$t" 2>/dev/null | grep -q '^t_ms,guest,state,' ||
		{ echo "experiment: $t is not a Ballast trace" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/b" "$tmp/c"

total=$(awk -F, 'NR == 2 { print $5; exit }' "$cont")
if [ "$total" -ge $((1 << 20)) ]; then unit=262144 uname=GiB; else unit=256 uname=MiB; fi
run_s=$(awk -F, 'NR > 1 { t = $1 } END { print t / 1000 }' "$base")
if awk -v r="$run_s" 'BEGIN { exit !(r >= 600) }'; then tunit=60 tname=minutes; else tunit=1 tname=s; fi
bin=$(awk -v r="$run_s" 'BEGIN { b = r / 30; if (b < 0.1) b = 0.1; print b }')
awk -v dir="$tmp/b" -v bin="$bin" -v unit="$unit" -v tunit="$tunit" -f "$here/bins.awk" "$base"
awk -v dir="$tmp/c" -v bin="$bin" -v unit="$unit" -v tunit="$tunit" -f "$here/bins.awk" "$cont"
guests=$(cat "$tmp/c/guests")
first=$(head -n 1 "$tmp/c/guests")
bfirst=$(head -n 1 "$tmp/b/guests")
bin_label=$(awk -v b="$bin" -v u="$tunit" -v n="$tname" 'BEGIN { printf "%.3g %s bins", b / u, n }')

. "$here/../plot-lines.sh"

gnuplot <<GP
set terminal pngcairo size 1100,600 font ",10"
set xlabel "time ($tname)"
set grid
set key outside right

set output "$out/fig07-memory.png"
set title "$title, contention: memory granted per guest and the memory state (fig. 7)"
set ylabel "granted ($uname)"
set y2label "memory state"
set y2range [-0.2:3.2]
set y2tics ("high" 0, "soft" 1, "hard" 2, "low" 3)
plot $(plot_lines "$tmp/c" 2 " granted" "lw 2"), \
     "$tmp/c/$first.dat" using 1:9 axes x1y2 with steps lw 2 lc rgb "black" title "memory state"

set output "$out/fig11-targets.png"
set title "$title, contention: balloon targets (fig. 11)"
set ylabel "balloon target ($uname)"
unset y2label
unset y2tics
set y2range [*:*]
plot $(plot_lines "$tmp/c" 3 " target" "lw 2")

set ytics nomirror
set y2tics
set ylabel "$uname"
set y2label "page reads per second ($bin_label)"
set output "$out/fig08-guest-baseline.png"
set title "$title, baseline: guest $bfirst's memory and paging (fig. 8)"
plot "$tmp/b/$bfirst.dat" using 1:4 with lines lw 2 title "available", \
     "$tmp/b/$bfirst.dat" using 1:5 with lines lw 2 title "working set", \
     "$tmp/b/$bfirst.dat" using 1:6 axes x1y2 with lines dt 3 lw 2 title "page reads/s"

set output "$out/fig12-guest-contention.png"
set title "$title, contention: guest $first's memory and paging (figs. 12, 13)"
plot "$tmp/c/$first.dat" using 1:4 with lines lw 2 title "available", \
     "$tmp/c/$first.dat" using 1:5 with lines lw 2 title "working set", \
     "$tmp/c/$first.dat" using 1:3 with lines dt 2 title "balloon target", \
     "$tmp/c/$first.dat" using 1:6 axes x1y2 with lines dt 3 lw 2 title "page reads/s"

unset y2tics
unset y2label
set ytics mirror
set output "$out/fig16-page-reads.png"
set title "$title: guest $first's page reads per second, contention against baseline (figs. 15, 16)"
set ylabel "page reads per second ($bin_label)"
plot "$tmp/c/$first.dat" using 1:6 with boxes fs solid 0.4 title "contention", \
     "$tmp/b/$bfirst.dat" using 1:6 with lines lw 2 title "baseline"

set output "$out/fig17-collections.png"
set title "$title: collections so far, baseline against contention (figs. 10, 17)"
set ylabel "collections"
plot "$tmp/b/$bfirst.dat" using 1:7 with lines lw 2 title "baseline $bfirst", \
     $(plot_lines "$tmp/c" 7 " contention" "")

set output "$out/stall.png"
set title "$title: time each guest waited for the disk or for memory, so far"
set ylabel "waited ($tname)"
plot "$tmp/b/$bfirst.dat" using 1:8 with lines lw 2 title "baseline $bfirst", \
     $(plot_lines "$tmp/c" 8 " contention" "")
GP
echo "experiment: $out/{fig07-memory,fig11-targets,fig08-guest-baseline,fig12-guest-contention,fig16-page-reads,fig17-collections,stall}.png"
