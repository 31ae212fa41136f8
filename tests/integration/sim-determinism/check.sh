#!/usr/bin/env bash
# The same scenario and seed give the same trace, byte for byte, with
# either guest model; another seed gives another trace.
set -u
. "$(dirname "$0")/../lib/sim-lib.sh"

for scn in case-study-contention-small case-study-baseline; do
	simulate scenarios/$scn.scn "$WORK/a" && simulate scenarios/$scn.scn "$WORK/b"
	cmp -s "$WORK/a/trace.csv" "$WORK/b/trace.csv"
	check "sim determinism: $scn twice, identical trace" $?
done

"$SIM" scenarios/case-study-contention-small.scn -m stub -o "$WORK/a" >/dev/null &&
	"$SIM" scenarios/case-study-contention-small.scn -m stub -o "$WORK/b" >/dev/null
cmp -s "$WORK/a/trace.csv" "$WORK/b/trace.csv"
check "sim determinism: the stub's model (-m stub) twice, identical trace" $?
simulate scenarios/case-study-contention-small.scn "$WORK/c"
! cmp -s "$WORK/a/trace.csv" "$WORK/c/trace.csv"
check "sim determinism: the stub's model is not the case study's" $?

sed 's/seed=42/seed=43/' scenarios/case-study-contention-small.scn > "$WORK/other.scn"
simulate scenarios/case-study-contention-small.scn "$WORK/a" && simulate "$WORK/other.scn" "$WORK/b"
! cmp -s "$WORK/a/trace.csv" "$WORK/b/trace.csv"
check "sim determinism: another seed, another trace" $?
[ "$failures" -eq 0 ]
