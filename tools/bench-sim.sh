#!/usr/bin/env bash
# make bench, the simulator's part: the full-scale contention scenario's
# wall time (median of RUNS runs), instructions (callgrind), peak memory and
# metadata bytes per simulated guest page; then the policy tick's cost in
# instructions for 4 and 1000 guests. Prints a table and keeps it in
# out/bench/sim.txt. Needs build/ballast-sim and build/bench-policy.
set -eu
SIM=build/ballast-sim
BENCH_POLICY=build/bench-policy
SCN=scenarios/case-study-contention.scn
RUNS=${RUNS:-5}
TICKS=1000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p out/bench
report=out/bench/sim.txt

line() { printf '%-44s %s\n' "$1" "$2" | tee -a "$report"; }
: > "$report"

# Wall time and peak resident memory of each run (getrusage via time -v).
walls=()
peak_kb=0
for i in $(seq "$RUNS"); do
	/usr/bin/time -v "$SIM" "$SCN" -o "$work/run" >/dev/null 2>"$work/time"
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
	walls+=("$wall")
	[ "$kb" -gt "$peak_kb" ] && peak_kb=$kb
done
median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
pages=$(awk '/^guest / { sub("memory_pages=", "", $3); s += $3 } END { print s }' "$work/run/summary.txt")
simulated=$(awk '/^simulated_s/ { print $2 }' "$work/run/summary.txt")

line "scenario" "$SCN ($simulated simulated s, $pages guest pages)"
line "sim wall time, median of $RUNS (s)" "$median  (runs: ${walls[*]})"
line "sim peak memory, max RSS (MiB)" "$(awk -v k="$peak_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
line "sim RSS per guest page (bytes)" "$(awk -v k="$peak_kb" -v p="$pages" 'BEGIN { printf "%.2f", k * 1024 / p }')"
line "sim metadata per guest page (bytes)" "$(awk '/^bytes_per_guest_page/ { print $2 }' "$work/run/summary.txt")"

if command -v valgrind >/dev/null; then
	valgrind --tool=callgrind --callgrind-out-file="$work/cg.sim" \
		"$SIM" "$SCN" -o "$work/cg" >/dev/null 2>"$work/cg.log"
	line "sim instructions (callgrind)" "$(sed -n 's/.*Collected : //p' "$work/cg.log")"
	for n in 4 1000; do
		valgrind --tool=callgrind --toggle-collect=policy_tick \
			--callgrind-out-file="$work/cg.policy.$n" \
			"$BENCH_POLICY" "$n" "$TICKS" >/dev/null 2>"$work/cgp.log"
		ir=$(sed -n 's/.*Collected : //p' "$work/cgp.log")
		line "policy tick, $n guests (instructions/tick)" \
			"$((ir / TICKS))  ($((ir / TICKS / n)) per guest)"
	done
else
	line "callgrind" "valgrind not installed: instruction counts skipped"
fi
