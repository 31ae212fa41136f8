#!/usr/bin/env bash
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
