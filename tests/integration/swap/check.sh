#!/usr/bin/env bash
# A swap storm (tests/integration/swap/swap.scn): at least 10,000 swap-outs and
# swap-ins of random guest pages, and every page each guest reads back
# holds its page number and generation: each guest passes (a mismatch
# fails it, naming the guest page). The trace shows hard state and swapped pages per guest, and
# the accounting invariant holds on every tick.
. "$(dirname "$0")/../lib/lib.sh"

boot swap tests/integration/swap/swap.scn
check "run status 0" [ "$boot_status" -eq 0 ]
for g in s1 s2 s3; do
	check "guest $g reads back every page it wrote: it passes" passed "$g"
done
grep -E '^\[s[123]\] (error|fail|crash): ' "$console"
outs=$(sed -n 's/^swap: out \([0-9]*\), in [0-9]*, .*/\1/p' "$console")
ins=$(sed -n 's/^swap: out [0-9]*, in \([0-9]*\), .*/\1/p' "$console")
echo "# swap-outs $outs, swap-ins $ins"
check "at least 10,000 swap-outs" [ "${outs:-0}" -ge 10000 ]
check "at least 10,000 swap-ins" [ "${ins:-0}" -ge 10000 ]
check "no disk error" has '^swap: out [0-9]+, in [0-9]+, write errors 0, read errors 0$'

facts=$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv")
fact() { sed -n "s/^$1=//p" <<<"$facts"; }
check "the state reaches hard" grep -q ' hard' <<<"$(fact states)"
for g in s1 s2 s3; do
	check "the trace shows guest $g's pages swapped and read back" \
		[ "$(fact peak_swapped_$g)" -gt 0 -a "$(fact swap_in_$g)" -gt 0 ]
done
check "free + hypervisor + granted pages = total on every tick" [ "$(fact bad_ticks)" -eq 0 ]
check "every slot is free again once the guests have ended" \
	eval "build/swapinfo $out/swap.img | grep -q '^0 of 12288 slots used$'"
