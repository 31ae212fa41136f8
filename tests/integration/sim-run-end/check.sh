#!/usr/bin/env bash
# The simulated run ends when its last guest does, or at its limit: a
# tick longer than the whole run (tick=1000000min, 60 million seconds) must
# not count as run time, for a guest that exits at once or for one that
# idles until the limit.
set -u
. "$(dirname "$0")/../lib/sim-lib.sh"

fact() { # fact SUMMARY KEY: a key=value or "key value" of summary.txt
	sed -n "s/.*\\b$2[= ]\\([0-9.]*\\).*/\\1/p" "$1" | head -1
}

cat >"$WORK/once.scn" <<'SCN'
machine memory=64M
policy  tick=1000000min
guest   g memory=16M workload=hypercall-check
SCN
simulate "$WORK/once.scn" "$WORK/once"
check "sim run end: a huge tick runs" $?
echo "# simulated_s $(fact "$WORK/once/summary.txt" simulated_s), high_s $(fact "$WORK/once/summary.txt" high_s)"
[ "$(fact "$WORK/once/summary.txt" simulated_s)" = 0.0 ]
check "sim run end: a guest that exits at once ends the run at 0 s" $?
[ "$(fact "$WORK/once/summary.txt" high_s)" = 0.0 ]
check "sim run end: no state time past the end" $?
last=$(tail -1 "$WORK/once/trace.csv" | cut -d, -f1)
[ "$last" = 0 ]
check "sim run end: the last trace row is at the end (t_ms $last)" $?

cat >"$WORK/limit.scn" <<'SCN'
machine memory=64M
policy  tick=1000000min
run     until=5s limit=10s
guest   g memory=16M
SCN
simulate "$WORK/limit.scn" "$WORK/limit"
[ "$(fact "$WORK/limit/summary.txt" simulated_s)" = 5.0 ]
check "sim run end: an idle run ends at until=, not at the tick" $?
[ "$(fact "$WORK/limit/summary.txt" runtime_s)" = 5.0 ]
check "sim run end: the running guest ran until the end" $?
[ "$failures" -eq 0 ]
