#!/usr/bin/env bash
# make bench's MMIO numbers (scripts/bench-core.sh) rest on the summary of
# tests/bench/mmio.scn: the virtio-balloon guest's MMIO accesses and their
# hypervisor cycles, its balloon work, and the pages its lists moved. The
# lines are there, with the counts the driver's lists give, and the
# balloon's work is part of the MMIO cycles (what the bench takes out).
. "$(dirname "$0")/../lib/lib.sh"

boot mmio-bench tests/bench/mmio.scn none
check "run status 0" [ "$boot_status" -eq 0 ]
check "the driver's lists go in and out: it passes" passed_and_has virtio \
	'^\[virtio\] virtio: 512 pages inflated and deflated in lists of 256$'
check "the lists took the balloon's path" \
	in_summary 1 virtio 'inflated 512, deflated 512 in 4 calls, [0-9]+ cycles;'
check "the MMIO line counts the lists' pages" \
	in_summary 1 virtio 'mmio: [0-9]+ accesses emulated, [0-9]+ hypervisor cycles each; virtio-balloon 1024 pages in 4 lists, '
read -r exits each < <(sed -n 's/^  mmio: \([0-9]*\) accesses emulated, \([0-9]*\) hypervisor cycles each;.*/\1 \2/p' "$console")
work=$(sed -n 's/^  balloon: .* in 4 calls, \([0-9]*\) cycles;.*/\1/p' "$console")
inside() { [ "${exits:-0}" -gt 0 ] && [ -n "${work:-}" ] && [ $((exits * each)) -gt "$work" ]; }
check "the balloon's work is inside the MMIO cycles" inside
check "3 exits a list at least (notify, interrupt status, ack)" [ "${exits:-0}" -ge 12 ]
