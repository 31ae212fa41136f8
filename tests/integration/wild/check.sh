#!/usr/bin/env bash
# A guest that touches memory outside its size, and one that triple-faults,
# are stopped with a clear message and their state; the other guests
# finish; the run's status says a guest failed.
. "$(dirname "$0")/../lib/lib.sh"

boot wild tests/integration/wild/wild.scn
check "run status 1 (a guest failed)" [ "$boot_status" -eq 1 ]
check "the wild guest is stopped, naming the address and its size" \
	has '^ballast: guest 2 wild stopped: write access to 0x20000000, outside its 16 MiB of memory$'
check "the wild guest did not get past its touch: it reported no failure" no_failure wild
check "guest ok1 still verifies its pattern over 512 pages" passed_and_has ok1 '^\[ok1\] pattern verified: 512 pages, '
check "guest ok2 still verifies its pattern over 512 pages" passed_and_has ok2 '^\[ok2\] pattern verified: 512 pages, '
check "guests ok1 and ok2 pass" eval 'has "^guest 1 ok1: exited: pass$" && has "^guest 3 ok2: exited: pass$"'
check "the summary names the stopped guest" has '^guest 2 wild: stopped by the hypervisor$'
check "the triple-faulting guest is stopped, with the exit named" \
	has "^ballast: guest 4 tf stopped: triple fault \\($exit_triple_fault, qualification 0x0\\)$"
check "its state is dumped" eval "grep -A1 '^ballast: guest 4 tf stopped' $console | grep -Eq '^  rip [0-9a-f]{16}  rsp'"
check "the summary names it too" has '^guest 4 tf: stopped by the hypervisor$'
check "the wild guest's pages went back" has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
