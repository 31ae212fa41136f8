#!/usr/bin/env bash
# MMIO and virtio-balloon with guest stubs (issue 14): a driver that
# probes the device, inflates and deflates two lists of 256 pages through
# the rings and finds the pages zero after, with the balloon's counts and
# the MMIO cost in the summary; four drivers each doing one bad thing
# (rings outside memory, a descriptor loop, a read across the window's
# end, an instruction not emulated), each stopped alone with its reason;
# a guest beside them unaffected, and every page back at the end.
. "$(dirname "$0")/../lib/lib.sh"

boot mmio-hostile tests/integration/mmio-hostile/mmio-hostile.scn
check "run status 1 (the hostile guests were stopped)" [ "$boot_status" -eq 1 ]
check "the driver finds the device and its target" has '^\[virtio\] virtio: target 0 pages$'
check "the driver's lists go in and out" passed_and_has virtio \
	'^\[virtio\] virtio: 512 pages inflated and deflated in lists of 256$'
check "the lists took the balloon's path" \
	in_summary 1 virtio 'inflated 512, deflated 512 in 4 calls'
check "the MMIO cost is counted apart" \
	in_summary 1 virtio 'mmio: [0-9]+ accesses emulated, [0-9]+ hypervisor cycles each; virtio-balloon 1024 pages in 4 lists, 0\.[0-9]+ exits per page$'
check "rings outside memory stop that guest" \
	has '^ballast: guest 2 badring stopped: virtio-mmio write at offset 0x44 refused'
check "a descriptor loop stops that guest" \
	has '^ballast: guest 3 loop stopped: virtio-mmio write at offset 0x50 refused'
check "a read across the window's end stops that guest" \
	has '^ballast: guest 4 outside stopped: MMIO read of 4 bytes at 0xfeb001fe, past its device window'
check "an instruction not emulated stops that guest" \
	has '^ballast: guest 5 opcode stopped: MMIO access at rip 0x[0-9a-f]+ by an instruction Ballast does not emulate \(03 '
for g in badring loop outside opcode; do
	check "guest $g got no further" no_failure "$g"
done
check "guest ok is unaffected" passed_and_has ok '^\[ok\] pattern verified: 512 pages, '
check "every page went back to the machine" \
	has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
