#!/usr/bin/env bash
# A guest's result reaches the console and the summary by name: a guest
# that passes shows "exited: pass", one whose test cannot work as set up
# reports its reason and shows "exited: error", and that fails the run.
. "$(dirname "$0")/../lib/lib.sh"

boot guest-result tests/integration/guest-result/guest-result.scn none
check "run status 1 (a guest did not pass)" [ "$boot_status" -eq 1 ]
check "the passing guest: exited: pass, on the console and in the summary" \
	eval 'has "^ballast: guest 1 ok exited: pass$" && passed ok'
check "the guest that cannot run its pattern reports why" \
	has '^\[err\] error: pattern of 4194304 bytes does not fit above 0x[0-9a-f]+ in 4194304 bytes$'
check "its result is error, on the console and in the summary" \
	eval 'has "^ballast: guest 2 err exited: error$" && [ "$(result err)" = error ]'
check "the hypervisor was not stopped by it" has '^ballast: run failed: status 1$'
