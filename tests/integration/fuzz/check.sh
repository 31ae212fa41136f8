#!/usr/bin/env bash
# Runs each libFuzzer target of mk/fuzz.mk for a short fixed budget from
# its kept seed corpus (tests/fuzz/corpus/NAME/, copied: the run's finds
# are not kept). One line per target; a crash, a sanitizer report, a leak
# or a timeout fails it, and its log's report is printed. Registered only
# when clang is installed. (The scenario parser's: sim-fuzz-scenario.sh.)
set -u
. "$(dirname "$0")/../lib/sim-lib.sh"

# NAME RUNS: about 5-10 s each on a 2-core machine.
targets="balloon 20000
swap 200000
mb2 200000
efi_elf 200000
http 50000"

while read -r name runs; do
	fuzz=build/fuzz_$name
	mkdir -p "$WORK/$name"
	cp tests/fuzz/corpus/"$name"/* "$WORK/$name/"
	start=$(date +%s)
	"$fuzz" -runs="$runs" -seed=1 -max_len=4096 -timeout=10 \
		"$WORK/$name" >"$WORK/$name.log" 2>&1
	rc=$?
	echo "# $name: $runs runs in $(($(date +%s) - start)) s, $(grep -o 'cov: [0-9]*' "$WORK/$name.log" | tail -1)"
	[ "$rc" -eq 0 ] || grep -E -A12 '^==[0-9]+==|SUMMARY|deadly signal' "$WORK/$name.log" | head -30 | sed 's/^/# /'
	check "fuzz: $name survives $runs fuzzed inputs" "$rc"
done <<<"$targets"
[ "$failures" -eq 0 ]
