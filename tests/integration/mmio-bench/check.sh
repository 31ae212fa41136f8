#!/usr/bin/env bash
# The MMIO benchmark's workload (make bench, scripts/bench-core.sh): the
# stub times its reads of a device register, then sends 128 lists of 256
# pages; every access it counts is one MMIO exit the hypervisor counts,
# which is what the benchmark's exits per ballooned page rest on.
. "$(dirname "$0")/../lib/lib.sh"

boot mmio-bench tests/integration/mmio-bench/mmio-bench.scn none
check "run status 0" [ "$boot_status" -eq 0 ]
check "the reads are timed" has '^\[bench\] mmio reads: 1000, cycles [0-9]+, per read [1-9][0-9]*$'
check "the lists take 3 accesses each (notify, interrupt status, ack): it passes" \
	passed_and_has bench '^\[bench\] mmio lists: 128 of 256 pages, 384 accesses; [0-9]+ before them$'
before=$(sed -n 's/^\[bench\] mmio lists: .*; \([0-9]*\) before them$/\1/p' "$console")
check "the hypervisor emulated every access the driver made, no more" \
	in_summary 1 bench "mmio: $((${before:-0} + 384)) accesses emulated, [0-9]+ hypervisor cycles each; virtio-balloon 32768 pages in 128 lists, "
check "the lists took the balloon's path" \
	in_summary 1 bench 'inflated 16384, deflated 16384 in 128 calls'
