#!/usr/bin/env bash
# The run's limit holds while every guest waits for the next policy tick:
# with a tick of an hour and the machine's memory used up (no swap, no
# balloon), the guests block, and the run still ends at its 40 s limit
# instead of waiting for the tick.
. "$(dirname "$0")/../lib/lib.sh"

BOCHS_TIMEOUT=150 boot long-tick tests/integration/long-tick/long-tick.scn none
check "run status 1 (guests still running at the limit)" [ "$boot_status" -eq 1 ]
check "the run's time is up at its limit, not at the next tick" \
	has "^ballast: t=40[0-9]{3}ms the run's time is up \(limit\) with 2 guests running$"
check "both guests were waiting for memory" \
	[ "$(grep -c 'blocked 1 times' "$console")" -eq 2 ]
check "both were cut at the limit" \
	[ "$(grep -c "still running at the run's time limit" "$console")" -eq 2 ]
