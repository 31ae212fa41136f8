#!/usr/bin/env bash
# plot.sh TRACE OUTDIR
# Turns a Ballast trace (from make run, a QEMU launcher or make sim) into the case study's
# figures, as PNG files in OUTDIR:
#   memory.png   memory granted to each guest, free machine memory, and the
#                memory state (the case study's figure 7)
#   balloon.png  each guest's balloon target and balloon (figure 11)
#   paging.png   the hypervisor's swapping: each guest's pages in the
#                hypervisor's swap, and the hypervisor's swap-ins of its
#                pages per second (not the guest's own paging: make
#                experiment draws that, scripts/experiment/plot.sh)
# Needs gnuplot (Debian gnuplot-nox; scripts/deps.sh installs it).
set -eu
trace=$1 out=$2
if [ ! -s "$trace" ]; then
	echo "plot.sh: no trace at $trace: run make run or make sim first (make figures FROM=sim draws the simulator's trace)" >&2
	exit 1
fi
if ! head -n 1 "$trace" | grep -q '^t_ms,guest,state,free_pages,total_pages,granted_pages,'; then
	echo "plot.sh: $trace is not a Ballast trace (its first line is not the trace's columns)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# One data file per guest, columns by name from the header:
# t_s granted target balloon swapped swap_in_per_s lowmem state free
awk -F, -v dir="$tmp" '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{
	g = $c["guest"]; t = $c["t_ms"] / 1000
	st = $c["state"] == "high" ? 0 : $c["state"] == "soft" ? 1 : $c["state"] == "hard" ? 2 : 3
	rate = (g in last_t && t > last_t[g]) ? ($c["swap_in"] - last_in[g]) / (t - last_t[g]) : 0
	last_t[g] = t; last_in[g] = $c["swap_in"]
	if (!(g in seen)) { seen[g] = 1; print g > (dir "/guests") }
	print t, $c["granted_pages"], $c["balloon_target_pages"], $c["balloon_pages"],
	      $c["swapped_pages"], rate, $c["guest_lowmem_events"], st, $c["free_pages"] > (dir "/" g ".dat")
}' "$trace"

guests=$(cat "$tmp/guests")
first=$(head -n 1 "$tmp/guests")
# "NAME (RUNNER)", from out/RUNNER/NAME/trace.csv
title="$(basename "$(dirname "$trace")") ($(basename "$(dirname "$(dirname "$trace")")"))"

. "$(dirname "$0")/plot-lines.sh"

gnuplot <<GP
set datafile separator " "
set terminal pngcairo size 1100,600 font ",10"
set xlabel "time (s)"
set grid
set key outside right

set output "$out/memory.png"
set title "$title: memory granted and memory state"
set ylabel "pages"
set y2label "memory state"
set y2range [-0.2:3.2]
set y2tics ("high" 0, "soft" 1, "hard" 2, "low" 3)
plot $(plot_lines "$tmp" 2 " granted" "lw 2"), \
     "$tmp/$first.dat" using 1:9 with lines lw 1 dt 2 title "free machine memory", \
     "$tmp/$first.dat" using 1:8 axes x1y2 with steps lw 2 lc rgb "black" title "memory state"

set output "$out/balloon.png"
set title "$title: balloon targets and balloons"
unset y2label
unset y2tics
plot $(plot_lines "$tmp" 3 " target" "dt 2"), $(plot_lines "$tmp" 4 " balloon" "lw 2")

set output "$out/paging.png"
set title "$title: the hypervisor's swap: each guest's pages in it, and its swap-ins"
set ylabel "guest pages in the hypervisor's swap"
set y2label "hypervisor swap-ins per second"
set y2range [*:*]
set y2tics
plot $(plot_lines "$tmp" 5 " in swap" "lw 2"), $(for g in $guests; do printf '"%s/%s.dat" using 1:6 axes x1y2 with lines dt 3 title "%s swap-ins/s", ' "$tmp" "$g" "$g"; done | sed 's/, $//')
GP
echo "plot.sh: $out/memory.png, $out/balloon.png, $out/paging.png"
