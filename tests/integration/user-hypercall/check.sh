#!/usr/bin/env bash
# Hypercalls from a guest's user mode (CPL 3) are refused with
# HC_E_PRIVILEGE whatever their number, with every other register as it
# was: a user process cannot write to the console, end its VM or balloon
# its kernel's pages. The kernel's own calls still work.
. "$(dirname "$0")/../lib/lib.sh"

no_balloon_driver() { ! in_summary 1 user 'balloon:'; }

boot user-hypercall tests/integration/user-hypercall/user-hypercall.scn
check "run status 0" [ "$boot_status" -eq 0 ]
check "every hypercall from ring 3 refused with HC_E_PRIVILEGE" \
	has '^\[user\] 9 of 9 hypercalls from user mode refused with HC_E_PRIVILEGE$'
check "the forged console line did not get out" lacks '^\[user\] ballast: run ended'
check "the exit from ring 3 did not end the guest: it passes" passed user
check "back in the kernel, hypercalls work" \
	has '^\[user\] back in the kernel, hypercalls work$'
check "the hypervisor counted the 9 refusals" \
	in_summary 1 user 'hypercall errors 9$'
check "the user-mode target call did not register a balloon driver" \
	no_balloon_driver
check "the other guest is unaffected: it passes over 256 pages" passed_and_has good '^\[good\] pattern verified: 256 pages, '
