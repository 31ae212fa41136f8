#!/usr/bin/env bash
# Guests far larger than the machine that touch little of it. A 2 GiB
# contention guest runs clean: its allocator manages only the first GiB,
# which the stub maps, and no longer writes past its bitmap. A 64 GiB guest
# is swapped, and the run ends: a victim pick costs O(1), not a scan of
# its 2^24 page numbers with an EPT walk each.
. "$(dirname "$0")/../lib/lib.sh"

boot large-guests tests/integration/large-guests/large-guests.scn
check "run status 0" [ "$boot_status" -eq 0 ]
check "the run ended before its limit" lacks "the run's time is up"
check "the 2 GiB guest verifies its heap of 2816 pages" has '^\[big\] heap verified: 2816 pages, '
check "the 2 GiB guest made no bad hypercall" in_summary 1 big 'hypercall errors 0$'
check "the 2 GiB guest exited with the result pass" in_summary 1 big 'exited: pass$'
check "the 64 GiB guest verifies its heap of 3328 pages: it passes" \
	passed_and_has huge '^\[huge\] heap verified: 3328 pages, '
check "the 64 GiB guest was swapped out and in" \
	in_summary 2 huge 'swap: out [1-9][0-9]*, in [1-9][0-9]*, errors 0'
