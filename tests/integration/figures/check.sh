#!/usr/bin/env bash
# run-tests: alone
# make figures turns a trace into the three PNG figures, and says what to
# do when there is no trace, or the file is not one.
. "$(dirname "$0")/../lib/lib.sh"

scn=scenarios/case-study-contention-small.scn
out=out/test/sim/case-study-contention-small
make -s sim OUT=out/test SCENARIO=$scn >/dev/null 2>&1
check "the simulator leaves a trace to plot" [ -s $out/trace.csv ]
rm -f $out/memory.png $out/balloon.png $out/paging.png
make -s figures OUT=out/test FROM=sim SCENARIO=$scn >/dev/null 2>&1
check "make figures succeeds" [ $? -eq 0 ]
for f in memory balloon paging; do
	check "$f.png is a PNG of some size" \
		eval "[ \$(head -c 8 $out/$f.png | od -An -tx1 | tr -d ' \n') = 89504e470d0a1a0a ] && [ \$(stat -c %s $out/$f.png) -gt 10000 ]"
done
# refused INPUT WORDS: plot.sh fails on INPUT and says WORDS
refused() {
	local msg
	msg=$(scripts/plot.sh "$1" /tmp 2>&1) && return 1
	grep -q "$2" <<<"$msg"
}
check "a missing trace: told to run first, and a failure" \
	refused /nonexistent/trace.csv 'run make run or make sim first'
bad=$(mktemp)
echo "not,a,trace" > "$bad"
check "a file that is not a trace is refused" refused "$bad" 'is not a Ballast trace'
rm -f "$bad"

# make experiment's parts on the simulator's small pair (cheap; make
# experiment itself runs the emulator and full scale, outside make test).
# paging.png's swap-in axis follows the data: its range was never reset
# after memory.png's state axis, so swap-ins were clipped at 3.2/s.
check "paging.png's swap-in axis is not left at the state axis's range" \
	eval "awk '/set output .*paging.png/ { p = 1 } p && /set y2range \\[\\*:\\*\\]/ { f = 1 } END { exit !f }' scripts/plot.sh"
eb=out/test/sim/case-study-baseline-small
make -s sim OUT=out/test SCENARIO=scenarios/case-study-baseline-small.scn >/dev/null 2>&1
check "the simulator leaves a baseline trace" [ -s $eb/trace.csv ]
figs=out/test/experiment/figures
rm -rf "$figs"
scripts/experiment/plot.sh $eb/trace.csv $out/trace.csv "$figs" "test" >/dev/null 2>&1
check "the experiment's figures are drawn" [ $? -eq 0 ]
for f in fig07-memory fig11-targets fig08-guest-baseline fig12-guest-contention fig16-page-reads fig17-collections stall; do
	check "experiment $f.png is a PNG of some size" \
		eval "[ \$(head -c 8 $figs/$f.png | od -An -tx1 | tr -d ' \n') = 89504e470d0a1a0a ] && [ \$(stat -c %s $figs/$f.png) -gt 10000 ]"
done
table=$(scripts/experiment/table.sh $eb/trace.csv $out/trace.csv "test")
check "the experiment's table is printed" [ $? -eq 0 ]
# Its numbers are the traces': ws2's last row with memory, read here on
# its own (page reads, collections, swap-outs, run time less steal).
facts=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$2 == "ws2" && ($c["granted_pages"] > 0 || !s) { s = 1; t = $1; r = $c["guest_major_faults"]
		k = $c["guest_collections"]; o = $c["swap_out"]; st = $c["steal_ms"] }
	END { printf "%d %d %d %.1f", r, k, o, (t - st) / 1000 }' $out/trace.csv)
read -r reads colls swapped net <<<"$facts"
row=$(grep '^| ws2 |' <<<"$table")
echo "# table: $row"
echo "# trace: page reads $reads, collections $colls, swapped out $swapped, run less steal $net s"
check "the table's page reads are the trace's" grep -q -- "-> $reads |" <<<"$row"
check "the table's collections are the trace's" grep -q -- "-> $colls |\$" <<<"$row"
check "the table's swap-outs are the trace's" grep -q -- "| $swapped |" <<<"$row"
check "the table's run time less steal is the trace's" grep -q -- "-> $net |" <<<"$row"
check "the table has each state's time" grep -q '^| contention | [0-9.]* | [0-9.]* | [0-9.]* | [0-9.]* | [0-9]* % |$' <<<"$table"
