#!/usr/bin/env bash
# Sparse ballooning at machine-memory exhaustion
# (tests/integration/hostile-exhaust/hostile-exhaust.scn): when the machine has no page
# left for the tables a list needs, the list is refused whole with the
# retryable HC_E_AGAIN (-12) instead of half applied, the hypervisor does
# not panic, and the honest guest verifies its pattern.
. "$(dirname "$0")/../lib/lib.sh"

boot hostile-exhaust tests/integration/hostile-exhaust/hostile-exhaust.scn none
check "run status 1 (hostile guests stopped, nothing else)" [ "$boot_status" -eq 1 ]
check "the hypervisor did not panic" lacks 'PANIC|panic'
again=$(grep -Ec '^\[s[0-9]+\] sparse balloon: .*refused (whole )?\(-12\)' "$console")
echo "# guests refused with HC_E_AGAIN: $again"
timed_check "some lists were refused as retryable: the machine ran out of pages for tables" [ "$again" -gt 0 ]
check "every refusal was HC_E_AGAIN or HC_E_LIMIT" \
	lacks '^\[s[0-9]+\] sparse balloon: .*\(-([02-9]|1[014-9]|[2-9][0-9])\)'
check "a refused list changed nothing" \
	lacks '^\[s[0-9]+\] fail: sparse balloon: (a refused list changed something|the pages taken did not come back)$'
check "the honest guest verifies its pattern over 256 pages" has '^\[ok\] pattern verified: 256 pages, '
check "the honest guest exits with the result pass" in_summary 1 ok 'exited: pass$'
check "every page went back to the machine" has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
