#!/usr/bin/env bash
# run-tests: alone
# make run ends with the run's own status, as the README says (make by
# itself would end with 2 for any failure): 0 for the default scenario
# (default/check.sh), 4 for a bad scenario, 1 when a guest is stopped.
. "$(dirname "$0")/../lib/lib.sh"

make_run() { # make_run SCENARIO: make run's exit status
	BOCHS_QUIET=1 make -s run OUT=out/test SCENARIO="$1" >/dev/null 2>&1
	echo $?
}
check "make run of a bad scenario exits 4" [ "$(make_run tests/integration/bad-scenario/bad-scenario.scn)" -eq 4 ]
check "make run of a wild guest exits 1" [ "$(make_run tests/integration/wild/wild.scn)" -eq 1 ]
check "make run of a missing scenario file fails with make's own 2" \
	[ "$(make_run tests/integration/no-such.scn)" -eq 2 ]
