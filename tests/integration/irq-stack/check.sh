#!/usr/bin/env bash
# No interrupt is lost when its delivery takes an EPT violation: a guest
# waits for balloon interrupts with its stack on a page it never touched
# (a new one after each), so the CPU's pushes for each interrupt fault;
# the hypervisor maps the page and injects the interrupt again from the
# IDT-vectoring information. The guest counts what it takes; the summary
# counts what was injected; they must match.
. "$(dirname "$0")/../lib/lib.sh"

boot irq-stack tests/integration/irq-stack/irq-stack.scn
check "run status 0" [ "$boot_status" -eq 0 ]
line=$(grep -E '^\[irq\] held [0-9]+ pages; balloon interrupts taken' "$console")
taken=$(sed -En 's/.*interrupts taken: ([0-9]+), ([0-9]+) of them.*/\1/p' <<<"$line")
fresh=$(sed -En 's/.*interrupts taken: ([0-9]+), ([0-9]+) of them.*/\2/p' <<<"$line")
events=$(awk '/^guest 1 irq:/ { on = 1 } on && /^  events:/ { print; exit }' "$console")
injected=$(sed -En 's/.*interrupts injected ([0-9]+);.*/\1/p' <<<"$events")
again=$(sed -En 's/.*injected again ([0-9]+)$/\1/p' <<<"$events")
echo "# taken $taken ($fresh on fresh stacks), injected $injected, injected again $again"
check "the guest took interrupts on stack pages it never touched" [ "${fresh:-0}" -ge 3 ]
same() { [ -n "$1" ] && [ "$1" = "$2" ]; }
check "every interrupt injected was taken" same "$taken" "$injected"
check "their interrupted deliveries were injected again" [ "${again:-0}" -ge "${fresh:-1}" ]
check "the guest that counts interrupts passes" passed irq
check "the other guest is unaffected: it passes over 1024 pages" passed_and_has good '^\[good\] pattern verified: 1024 pages, '
