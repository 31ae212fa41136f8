#!/usr/bin/env bash
# Bad hypercall arguments (unknown number, ABI version, buffers outside,
# across the end of, wrapping, or unmapped in the guest's memory, a length
# over the limit) are each refused with their own code and counted, and the
# hypervisor and the other guest go on.
. "$(dirname "$0")/../lib/lib.sh"

boot hypercall tests/integration/hypercall-check/hypercall-check.scn
check "run status 0" [ "$boot_status" -eq 0 ]
check "every bad hypercall refused with its own code" \
	has '^\[bad\] 7 of 7 bad hypercalls refused with the right code$'
check "the hypervisor counted the 7 refusals" \
	in_summary 1 bad 'hypercall errors 7$'
check "CPUID (hypervisor bit and signature, no VMX) and port I/O emulated: the guest passes" \
	passed bad
check "the exits were counted" \
	in_summary 1 bad 'exits: cpuid 2 .*io 3$'
check "the other guest is unaffected: it passes over 256 pages" passed_and_has good '^\[good\] pattern verified: 256 pages, '
check "the other guest counted no error" \
	in_summary 2 good 'hypercall errors 0$'
