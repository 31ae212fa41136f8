#!/usr/bin/env bash
# Attackers beside honest guests, one attack each (tests/integration/
# isolation.scn): every port, string I/O on the swap disk's port, MSRs,
# control registers, a VMX instruction, hypercall buffers in ballooned,
# deflated, untouched and outside pages, reading pages it never wrote or
# gave back (a neighbour's data must never show), a wild address, a
# triple fault, hypercalls from user mode, bad balloon lists and a touch
# of a ballooned page, interrupts delivered onto untouched stack pages.
# Each is refused, or stops its guest alone; the honest guests, one
# ballooned and one swapped, verify their heaps.
. "$(dirname "$0")/../lib/lib.sh"

boot isolation tests/integration/isolation/isolation.scn
check "run status 1 (the stopped attackers failed, nothing else)" [ "$boot_status" -eq 1 ]
stopped() { # stopped ID NAME REASON: stopped for REASON, and only stopped
	has "^ballast: guest $1 $2 stopped: $3\$" && has "^guest $1 $2: stopped by the hypervisor\$" &&
		lacks "^\[$2\] the hypervisor let me"
}
check "ports: every port in and out, each read all ones, nothing reached a device" \
	eval 'has "^\[ports\] ports: 135168 accesses to 65536 ports, 0 reads not all ones$" && passed ports'
check "ports: a line written to the serial ports did not come out" \
	eval '! grep -q FORGED "$console" "$out/trace.csv"'
check "string I/O on the disk's data port stops the guest" \
	stopped 4 strio 'string I/O on port 0x1f0 is not emulated'
if [ "$machine" = bochs-vmx ]; then
	check "RDMSR stops the guest" stopped 5 rdmsr 'unhandled VM exit \(exit reason 31 rdmsr, qualification 0x0\)'
	check "WRMSR stops the guest" stopped 6 wrmsr 'unhandled VM exit \(exit reason 32 wrmsr, qualification 0x0\)'
	check "clearing CR0.PG stops the guest" stopped 7 cr0 'unhandled VM exit \(exit reason 28 cr-access, qualification 0x200\)'
	check "setting CR4.VMXE stops the guest" stopped 8 cr4 'unhandled VM exit \(exit reason 28 cr-access, qualification 0x204\)'
	check "VMREAD stops the guest" stopped 9 vmx 'unhandled VM exit \(exit reason 23 vmread, qualification 0x0\)'
else
	# Under SVM the MSR map stops both MSR instructions (EXITINFO1 says
	# which). Clearing CR0.PG in long mode and setting CR4.VMXE (reserved
	# on AMD) fail the CPU's own checks: Bochs makes them before the CR
	# write intercept, so the guest takes #GP itself and ends with its
	# crash result; QEMU takes the intercept first, which stops the guest.
	# Either way nothing changed. VMREAD is #UD in the guest.
	refused_by_cpu() { # refused_by_cpu ID NAME VECTOR CR
		lacks "^\[$2\] the hypervisor let me" && {
			{ [ "$(result "$2")" = crash ] && has "^\[$2\] crash: exception $3 at "; } ||
				stopped "$1" "$2" "unhandled VM exit \\(exit reason $((16 + ${4:-0})) cr-write, qualification 0x0\\)"
		}
	}
	check "RDMSR stops the guest" stopped 5 rdmsr 'unhandled VM exit \(exit reason 124 msr, qualification 0x0\)'
	check "WRMSR stops the guest" stopped 6 wrmsr 'unhandled VM exit \(exit reason 124 msr, qualification 0x1\)'
	check "clearing CR0.PG: #GP in the guest or the CR0 write intercept" refused_by_cpu 7 cr0 13 0
	check "setting CR4.VMXE: #GP in the guest or the CR4 write intercept" refused_by_cpu 8 cr4 13 4
	check "VMREAD raises #UD in the guest" eval '[ "$(result vmx)" = crash ] && has "^\[vmx\] crash: exception 6 at " && lacks "^\[vmx\] the hypervisor let me"'
fi
check "hypercall buffers in ballooned, deflated, untouched and outside pages: each HC_E_FAULT" \
	eval 'has "^\[ptrs\] pointers: 13 of 13 bad buffers refused with HC_E_FAULT$" && passed ptrs'
check "pages never written or given back read as zeros, nothing of another guest's" \
	eval 'has "^\[snoop\] snoop: read 4096 pages before writing them: 0 words not zero$" && passed snoop'
check "a write outside its memory stops the guest" \
	stopped 12 wild 'write access to 0x20000000, outside its 4 MiB of memory'
check "a triple fault stops the guest" \
	stopped 13 tf "triple fault \\($exit_triple_fault, qualification 0x0\\)"
check "hypercalls from user mode are refused" \
	eval 'has "^\[user\] 9 of 9 hypercalls from user mode refused with HC_E_PRIVILEGE$" && passed user'
check "bad balloon lists are refused with their codes" \
	has '^\[bhost\] 11 of 11 bad balloon lists refused with the right code$'
check "touching a ballooned page stops the guest" \
	stopped 15 bhost 'write access to page 0x[0-9a-f]+, which it gave to the balloon \(it broke its promise\)'
line=$(grep -E '^\[irq\] held [0-9]+ pages; balloon interrupts taken' "$console")
taken=$(sed -En 's/.*taken: ([0-9]+), ([0-9]+) of them.*/\1/p' <<<"$line")
fresh=$(sed -En 's/.*taken: ([0-9]+), ([0-9]+) of them.*/\2/p' <<<"$line")
injected=$(awk '/^guest 16 irq:/ { on = 1; next } on && /^  events:/ { print; exit }' "$console" |
	sed -En 's/.*interrupts injected ([0-9]+);.*/\1/p')
timed_check "interrupts delivered onto untouched stack pages: none lost (taken ${taken:-?} of ${injected:-?}, ${fresh:-?} on fresh stacks)" \
	eval '[ "${fresh:-0}" -ge 3 ] && [ "$taken" = "$injected" ] && passed irq'
check "the state went past high, so the honest guests were reclaimed from" \
	has '^memory states: [0-9]+ ticks: high [0-9]+, soft [1-9][0-9]*, '
for g in "1 good1" "2 good2"; do
	check "honest guest ${g#* } verified its heap and passed" \
		eval "has '^\[${g#* }\] heap verified: [0-9]+ pages, 0 mismatches$' && passed ${g#* }"
done
timed_check "the swapped honest guest was swapped" in_summary 2 good2 'swap: out [1-9][0-9]*, in [1-9][0-9]*, errors 0;'
check "every page went back to the machine" has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
check "no swap slot is left in use" eval "build/swapinfo $out/swap.img | grep -Eq '^0 of [0-9]+ slots used$'"
check "the accounting invariant held on every tick" \
	eval "awk -f tests/integration/lib/trace-facts.awk $out/trace.csv | grep -qx bad_ticks=0"
