#!/usr/bin/env bash
# Runs test programs and counts their "ok - NAME" / "not ok - NAME" lines.
# A program that exits non-zero without reporting a failure counts as one
# failure, so a crash is never a pass. Ends with "N passed, N failed".
set -u
passed=0
failed=0
for t in "$@"; do
	log=$(mktemp)
	"$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
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
	rm -f "$log"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
