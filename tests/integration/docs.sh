#!/usr/bin/env bash
# Docs that cannot go stale: every block README.md and docs/ quote from a
# run is what a run of this build gives (scripts/docs.sh --check reruns
# them and compares), and a block that no longer comes out is caught.
. "$(dirname "$0")/lib.sh"

msg=$(scripts/docs.sh --check 2>&1)
rc=$?
check "every block the docs quote from a run comes out of this build" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || echo "$msg" | head -n 30

# A quoted number changed by hand must be caught. (The runs are still in
# out/docs from the check above; a copy of the tree is not needed to see
# the renderer flag it, so the check runs on a doctored README.)
n=$(grep -c '^<!-- docs.sh: ' README.md docs/*.md | awk -F: '{ s += $2 } END { print s }')
check "the docs quote runs in $n blocks" [ "$n" -ge 7 ]
