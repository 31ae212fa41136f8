#!/usr/bin/env bash
# Ballooning end to end in Bochs (tests/integration/balloon/balloon.scn): the
# machine leaves high state, balloons inflate to their targets within a few
# ticks, free memory recovers and the state returns to high, and balloons
# deflate as guests finish. Read from the trace, not the console; the
# accounting invariant holds on every tick; the same run gives the same
# trace bytes.
. "$(dirname "$0")/../lib/lib.sh"

boot balloon tests/integration/balloon/balloon.scn
check "run status 0" [ "$boot_status" -eq 0 ]
for g in a b c d; do
	check "guest $g verifies its heap: it passes" passed "$g"
done
facts=$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv")
echo "$facts" | sed 's/^/# /'
fact() { sed -n "s/^$1=//p" <<<"$facts"; }

check "the trace has a row per guest per tick" [ "$(fact rows)" -gt 400 ]
states=$(fact states)
check "states start high and reach soft" grep -Eq '^high soft' <<<"$states"
check "the state returns to high after the pressure" grep -Eq ' high$' <<<"$states"
check "balloons reach each target within 10 ticks" [ "$(fact max_lag)" -le 10 ]
check "no target is left unmet by a running guest" [ "$(fact unmet_at_end)" -eq 0 ]
check "every balloon grew to at least 3/4 of its peak target" [ "$(fact balloons_near_peak_target)" -eq 4 ]
check "balloons of guests still running deflate to 0 as others finish" [ "$(fact deflated_to_zero)" -ge 2 ]
check "free + hypervisor + granted pages = total on every tick" [ "$(fact bad_ticks)" -eq 0 ]
check "the hypervisor measured the balloons' catch-up" has '^balloon catch-up: [0-9]+ rises, mean [0-9]+ ticks, max [0-9]+ ticks$'

cp "$out/trace.csv" "$out/trace.first.csv"
boot balloon tests/integration/balloon/balloon.scn
check "same scenario and seed: the same trace, byte for byte" cmp -s "$out/trace.csv" "$out/trace.first.csv"
make -s build/ballast-sim >/dev/null && build/ballast-sim tests/integration/balloon/balloon.scn -o "$out/sim" >/dev/null
check "the hypervisor's trace has the simulator's columns" \
	[ "$(head -n 1 "$out/trace.csv")" = "$(head -n 1 "$out/sim/trace.csv")" ]
