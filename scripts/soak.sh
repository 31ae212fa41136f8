#!/usr/bin/env bash
# make soak: the long run that make test leaves out. It boots
# tests/soak/soak.scn (SOAK_SCN= another) in Bochs and checks: at least
# 1,000,000 swap-outs and as many swap-ins, every page the guest reads
# back checked and all of them at the end, no mismatch, no swap error, no
# slot in use once the guests have exited, and the fuzzing guest's
# 1,000,000 hypercalls without a mismatch. It prints the accounting
# invariant (free + hypervisor + guests = total) for every tick of the
# trace, then the numbers. Output in out/test/soak/.
. "$(dirname "$0")/../tests/integration/lib/lib.sh"

scn=${SOAK_SCN:-tests/soak/soak.scn}
min=${SOAK_MIN_CYCLES:-1000000}
min_calls=${SOAK_MIN_CALLS:-1000000}
start=$(date +%s)
BOCHS_TIMEOUT=${BOCHS_TIMEOUT:-7200} boot soak "$scn"
wall=$(($(date +%s) - start))

awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	function flush() {
		if (t == "") return
		printf "t=%sms: free %d + hypervisor %d + guests %d = %d of %d %s\n",
			t, free, hv, sum, free + hv + sum, total,
			free + hv + sum == total ? "ok" : "BROKEN"
	}
	$c["t_ms"] != t { flush(); t = $c["t_ms"]; sum = 0; free = $c["free_pages"]; hv = $c["hv_pages"]; total = $c["total_pages"] }
	{ sum += $c["granted_pages"] }
	END { flush() }' "$out/trace.csv" >"$out/invariant.txt"
cat "$out/invariant.txt"

num() { grep -E "$1" "$console" | tail -n 1 | sed -E "s/$1/\\1/"; }
outs=$(num '^swap: out ([0-9]+), in [0-9]+, .*')
ins=$(num '^swap: out [0-9]+, in ([0-9]+), .*')
swap_errors=$(grep -E '^swap: out ' "$console" | sed -E 's/.*write errors ([0-9]+), read errors ([0-9]+).*/\1 + \2/')
updates=$(num '^\[soak\] contention done: ([0-9]+) updates,.*')
at_end=$(num '^\[soak\] heap verified: ([0-9]+) pages, 0 mismatches$')
calls=$(num '^\[fuzz\] fuzz: ([0-9]+) calls, .*')
fuzz_bad=$(num '^\[fuzz\] fuzz: [0-9]+ calls, ([0-9]+) mismatches, .*')
slots=$(build/swapinfo "$out/swap.img" | sed -n 's/^\([0-9]*\) of \([0-9]*\) slots used$/\1/p')
broken=$(grep -c BROKEN "$out/invariant.txt")
ticks=$(wc -l <"$out/invariant.txt")

echo "soak: run status $boot_status, $wall s wall time, $ticks ticks"
echo "soak: swap-outs ${outs:-?}, swap-ins ${ins:-?} (at least $min each)"
echo "soak: pages verified ${updates:-?} as read back + ${at_end:-?} at the end; errors: swap $((${swap_errors:-1})), heap mismatches $(grep -c '^\[soak\] heap FAILED' "$console"), invariant broken on $broken ticks"
echo "soak: swap slots in use at the end: ${slots:-?}"
echo "soak: fuzzing guest ${calls:-?} hypercalls (at least $min_calls), ${fuzz_bad:-?} mismatches"

fails=0
ok_if() { if "$@"; then :; else echo "soak: FAILED: $*"; fails=1; fi; }
ok_if [ "$boot_status" -eq 0 ]
ok_if [ "${outs:-0}" -ge "$min" ]
ok_if [ "${ins:-0}" -ge "$min" ]
ok_if [ -n "$at_end" ]
ok_if [ "$((${swap_errors:-1}))" -eq 0 ]
ok_if [ "${slots:-1}" -eq 0 ]
ok_if [ "$broken" -eq 0 ]
ok_if [ "${calls:-0}" -ge "$min_calls" ]
ok_if [ "${fuzz_bad:-1}" -eq 0 ]
[ "$fails" -eq 0 ] && echo "soak: passed"
exit "$fails"
