#!/usr/bin/env bash
# run-tests: alone
# Docs that cannot go stale: every block README.md and docs/ quote from a
# run is what a run of this build gives (scripts/docs.sh --check reruns
# them and compares), and a block that no longer comes out is caught.
. "$(dirname "$0")/../lib/lib.sh"

export DOCS_OUT=out/test/docs
msg=$(scripts/docs.sh --check 2>&1)
rc=$?
check "every block the docs quote from a run comes out of this build" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || echo "$msg" | head -n 30

# A quoted number changed by hand is caught, and the message names the
# file (rendered from the runs the check above left in out/test/docs/).
doctored=$(mktemp -d)/README.md
awk '/^<!-- docs.sh: readme-swap -->$/ { print; getline; sub(/[0-9]/, "9&") } { print }' README.md > "$doctored"
msg=$(DOCS_REUSE=1 scripts/docs.sh --check "$doctored" 2>&1)
check "a quoted number that no longer comes out fails the check" [ $? -ne 0 ]
check "and the failure names the file" grep -qF "$doctored quotes runs that no longer come out" <<<"$msg"
rm -rf "$(dirname "$doctored")"

n=$(cat README.md docs/*.md | grep -c '^<!-- docs.sh: ')
check "the docs quote runs in $n blocks" [ "$n" -ge 8 ]
