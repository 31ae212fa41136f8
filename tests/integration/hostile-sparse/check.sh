#!/usr/bin/env bash
# A guest that balloons one untouched page in each 2 MiB region of its
# 1 GiB (tests/integration/hostile-sparse/hostile-sparse.scn): the list is refused whole,
# with a code that says why (the guest's EPT table limit, or the machine
# out of pages for tables: retryable), and changes nothing; one page at a
# time it gets as far as its table limit, never further; the hypervisor
# does not panic, and the honest guest beside it verifies its heap.
. "$(dirname "$0")/../lib/lib.sh"

boot hostile-sparse tests/integration/hostile-sparse/hostile-sparse.scn none
check "run status 1 (the hostile guest was stopped, nothing else)" [ "$boot_status" -eq 1 ]
check "the hypervisor did not panic" lacks 'PANIC|panic'
check "the sparse list is refused whole and one page at a time stops at a refusal" \
	has '^\[sparse\] sparse balloon: a list of 511 far-apart pages refused whole \(-1[23]\); one at a time [0-9]+ taken, then refused \(-1[23]\)$'
check "a refused list changed nothing: the hostile guest reported no failure" no_failure sparse
limit=$(sed -n 's/^  EPT tables: peak [0-9]* pages, limit \([0-9]*\) for its balloon$/\1/p' "$console" | tail -n 1)
peak=$(awk -v head="guest 2 sparse:" 'index($0, head) == 1 { on = 1 } on && /^  EPT tables: / { print $4; exit }' "$console")
echo "# sparse guest's EPT tables: peak $peak pages, limit $limit"
check "the hostile guest's tables never passed its limit" [ "${peak:-999999}" -le "${limit:-0}" ]
check "the honest guest verifies its heap" has '^\[ok\] heap verified: [0-9]+ pages, '
check "the honest guest exits with the result pass" in_summary 1 ok 'exited: pass$'
check "every page went back to the machine" has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
