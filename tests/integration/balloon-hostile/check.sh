#!/usr/bin/env bash
# Bad inflate and deflate lists (no driver yet, count 0 or over 512, an
# unaligned or out-of-guest list, a page out of range, duplicates, a page
# already or not ballooned) are each refused with their own code and
# counted; a list of far-apart untouched pages that its table limit allows
# is taken (tests/integration/hostile-sparse/check.sh goes past it); a guest that touches a page it ballooned is stopped; the
# hypervisor and the other guests go on.
. "$(dirname "$0")/../lib/lib.sh"

boot hostile tests/integration/balloon-hostile/balloon-hostile.scn
check "run status 1 (the hostile guest was stopped)" [ "$boot_status" -eq 1 ]
check "every bad balloon list refused with its own code" \
	has '^\[hostile\] 11 of 11 bad balloon lists refused with the right code$'
check "the hypervisor counted the 11 refusals" \
	in_summary 2 hostile 'hypercall errors 11$'
check "a few far-apart untouched pages, under its table limit, go in one list" \
	has '^\[hostile\] sparse balloon: a list of 3 far-apart pages taken whole$'
check "touching a ballooned page stops the guest, saying it broke its promise" \
	has '^ballast: guest 2 hostile stopped: write access to page 0x[0-9a-f]+, which it gave to the balloon \(it broke its promise\)$'
check "the hostile guest did not get past the touch: it reported no failure" no_failure hostile
check "guest ok1 is unaffected: it passes over 512 pages" passed_and_has ok1 '^\[ok1\] pattern verified: 512 pages, '
check "guest ok2 is unaffected: it passes over 512 pages" passed_and_has ok2 '^\[ok2\] pattern verified: 512 pages, '
check "every page went back to the machine" has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
