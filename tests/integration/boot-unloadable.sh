#!/usr/bin/env bash
# A guest the machine cannot load (a machine of one page, a guest of one
# page, a guest past EPT's 48-bit reach) is the scenario's fault: the run
# says why and ends with status 4 (bad scenario), not 2 (panic).
. "$(dirname "$0")/lib.sh"

boot unload-machine tests/integration/unload-machine.scn none
check "machine memory=4K: status 4" [ "$boot_status" -eq 4 ]
check "machine memory=4K: not enough machine memory, with the numbers" \
	has '^ballast: guest g: not enough machine memory to load it \(1 pages managed, 0 free before it\)$'
check "machine memory=4K: said to be a bad scenario" \
	has '^ballast: bad scenario: guest g cannot be loaded, nothing runs$'

boot unload-small tests/integration/unload-small.scn none
check "memory=4K: status 4" [ "$boot_status" -eq 4 ]
check "memory=4K: the image does not fit" \
	has '^ballast: guest g: guest memory too small for the guest image$'
check "memory=4K: said to be a bad scenario" \
	has '^ballast: bad scenario: guest g cannot be loaded, nothing runs$'

boot unload-ept tests/integration/unload-ept.scn none
check "past EPT's reach: status 4" [ "$boot_status" -eq 4 ]
check "past EPT's reach: said so, not 'not enough machine memory'" \
	has "^ballast: guest g: 300000 GiB of memory is past EPT's reach: a 4-level walk maps 262144 GiB of guest-physical memory$"
check "past EPT's reach: said to be a bad scenario" \
	has '^ballast: bad scenario: guest g cannot be loaded, nothing runs$'
