#!/usr/bin/env bash
# Runs test programs and counts their "ok - NAME" / "not ok - NAME" lines.
# A program that exits non-zero without reporting a failure counts as one
# failure, so a crash is never a pass. Ends with "N passed, N failed".
# TEST_JOBS=N (default 1) runs up to N programs at once, each one's output
# shown whole when it ends; a program with a line "# run-tests: alone"
# (one that runs make or the default scenario's shared images) runs after
# them, by itself. The emulator tests are single-threaded, so on a 2-core
# machine two at once take about half the time.
set -u
jobs=${TEST_JOBS:-1}
passed=0
failed=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# tally T LOG RC: counts LOG's verdicts for test T.
tally() {
	local t=$1 log=$2 rc=$3 p f
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t exited with status $rc"
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t reported no test"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

run_alone() {
	local t=$1 log=$logs/alone rc
	"$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	tally "$t" "$log" "$rc"
}

# run_pooled T...: up to $jobs at once; each log is shown, and counted, in
# the order the tests were given.
run_pooled() {
	local i=0 t
	for t in "$@"; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
		done
		("$t" >"$logs/$i.log" 2>&1; echo $? >"$logs/$i.rc") &
		i=$((i + 1))
	done
	wait
	i=0
	for t in "$@"; do
		cat "$logs/$i.log"
		tally "$t" "$logs/$i.log" "$(cat "$logs/$i.rc")"
		i=$((i + 1))
	done
}

pooled=() alone=()
for t in "$@"; do
	if [ "$jobs" -gt 1 ] && grep -q '^# run-tests: alone' "$t" 2>/dev/null; then
		alone+=("$t")
	elif [ "$jobs" -gt 1 ]; then
		pooled+=("$t")
	else
		run_alone "$t"
	fi
done
[ ${#pooled[@]} -eq 0 ] || run_pooled "${pooled[@]}"
for t in ${alone[@]+"${alone[@]}"}; do
	run_alone "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
