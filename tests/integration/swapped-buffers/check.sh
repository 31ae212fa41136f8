#!/usr/bin/env bash
# A hypercall whose buffer is in a page the guest wrote is served even when
# the hypervisor swapped that page out: the page is read back first, as for
# the guest's own access, instead of HC_E_FAULT; when no page is free for
# it, the call waits and is made again, unseen by the guest. The data
# survives.
. "$(dirname "$0")/../lib/lib.sh"

boot swapped-buffers tests/integration/swapped-buffers/swapped-buffers.scn
check "run status 0" [ "$boot_status" -eq 0 ]
check "no hypercall on a page the guest wrote was refused, none changed its page: it passes" \
	passed_and_has buf '^\[buf\] [0-9]+ hypercalls with buffers in [0-9]+ pages I wrote: 0 refused; 0 pages changed$'
check "the hypervisor counted no hypercall error" in_summary 1 buf 'hypercall errors 0$'
check "buffers were read back from swap, some calls waited (both cases exercised)" \
	in_summary 1 buf 'hypercall buffers: [1-9][0-9]* pages read back from swap first; [1-9][0-9]* calls waited for one and were made again$'
check "the other guest is unaffected: it passes over 256 pages" passed_and_has good '^\[good\] pattern verified: 256 pages, '
