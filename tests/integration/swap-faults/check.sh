#!/usr/bin/env bash
# Swap faults: injected disk errors leave pages where they were (counted,
# nothing lost); a full swap area stops swap-outs with a message and the
# run still ends by itself; with no swap at all and every guest waiting,
# the hypervisor says memory is exhausted and stops instead of hanging.
. "$(dirname "$0")/../lib/lib.sh"

boot swap-errors tests/integration/swap-faults/swap-errors.scn
check "errors: run status 0" [ "$boot_status" -eq 0 ]
check "errors: the injected write and read errors are counted" \
	has '^swap: out [0-9]+, in [0-9]+, write errors 1, read errors 1$'
for g in e1 e2; do
	check "errors: guest $g loses nothing: it passes" passed "$g"
done

boot swap-full tests/integration/swap-faults/swap-full.scn
check "full: the hypervisor says the area is full" \
	has '^ballast: swap area full \(256 slots\): no more swap-outs$'
check "full: the run ends by itself with a verdict" [ "$boot_status" -eq 0 -o "$boot_status" -eq 1 ]
check "full: the state machine goes on after it" \
	eval "awk '/swap area full/ { f = 1 } f && /^t=[0-9]+ms state /' $console | grep -q ."

boot exhausted tests/integration/swap-faults/exhausted.scn none
check "exhausted: no swap disk" has '^ballast: swap: no disk at the primary ATA master'
check "exhausted: the hypervisor says so, with the counters" \
	has '^ballast: machine memory exhausted: every guest waits for memory and nothing can be reclaimed \(free [0-9]+, guest [0-9]+, hypervisor [0-9]+ pages\)$'
check "exhausted: run status 1, the guests stopped" [ "$boot_status" -eq 1 ]
check "exhausted: every page goes back" has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
