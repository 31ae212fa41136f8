#!/usr/bin/env bash
# A swap disk too slow for the guests: the state reaches low, guests that
# need a page wait (counted, and in the trace's blocked column), and go on
# when swapping frees memory; nothing is lost.
. "$(dirname "$0")/../lib/lib.sh"

boot swap-low tests/integration/swap-low/swap-low.scn
check "run status 0" [ "$boot_status" -eq 0 ]
facts=$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv")
fact() { sed -n "s/^$1=//p" <<<"$facts"; }
check "the state reaches low" grep -q ' low' <<<"$(fact states)"
for g in w1 w2; do
	check "guest $g waited in low state (trace)" [ "$(fact blocked_rows_$g)" -gt 0 ]
	check "guest $g's waits are counted" \
		in_summary "$((${g#w}))" "$g" 'blocked [1-9][0-9]* times$'
	check "guest $g verifies its heap after waiting: it passes" passed "$g"
done
check "free + hypervisor + granted pages = total on every tick" [ "$(fact bad_ticks)" -eq 0 ]
