#!/usr/bin/env bash
# Runs the scenario parser's libFuzzer target briefly (20000 inputs) from
# the scenarios as a seed corpus. Registered only when clang is installed.
set -u
. "$(dirname "$0")/../lib/sim-lib.sh"

FUZZ=${FUZZ:-build/fuzz_scenario}
mkdir -p "$WORK/corpus"
cp scenarios/*.scn "$WORK/corpus/"
"$FUZZ" -runs=20000 -seed=1 -max_len=4096 "$WORK/corpus" >"$WORK/log" 2>&1
rc=$?
tail -2 "$WORK/log" | sed 's/^/# /'
check "sim fuzz: scenario parser survives 20000 fuzzed inputs" $rc
[ "$failures" -eq 0 ]
