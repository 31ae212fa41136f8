#!/usr/bin/env bash
# A guest the machine cannot load (a machine of one page, a guest of one
# page, a guest past EPT's 48-bit reach) is the scenario's fault: the run
# says why and ends with status 4 (bad scenario), not 2 (panic).
. "$(dirname "$0")/../lib/lib.sh"

unloadable() { # SCENARIO WHAT WHY: boots SCENARIO and checks its outcome
	boot "$1" "tests/integration/unloadable/$1.scn" none
	check "$2: status 4" [ "$boot_status" -eq 4 ]
	check "$2: says why" has "$3"
	check "$2: said to be a bad scenario" \
		has '^ballast: bad scenario: guest g cannot be loaded, nothing runs$'
}

unloadable unload-machine "machine memory=4K" \
	'^ballast: guest g: not enough machine memory to load it \(1 pages managed, 0 free before it\)$'
unloadable unload-small "memory=4K" \
	'^ballast: guest g: guest memory too small for the guest image$'
unloadable unload-ept "memory past EPT's reach (not 'not enough machine memory')" \
	"^ballast: guest g: 300000 GiB of memory is past EPT's reach: a 4-level walk maps 262144 GiB of guest-physical memory$"
