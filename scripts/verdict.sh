#!/usr/bin/env bash
# verdict.sh CONSOLE.log
# The run's verdict from the hypervisor's console, for the launchers (an
# emulator's own exit status may say nothing: Bochs ends with 1 whatever
# happened). Exits 0 after "ballast: run ended: status 0", N after the last
# "ballast: run failed: status N", 125 when there is no verdict line.
set -u
log=$1
grep -q '^ballast: run ended: status 0$' "$log" && exit 0
status=$(sed -n 's/^ballast: run failed: status \([0-9]*\)$/\1/p' "$log" | tail -n 1)
[ -n "$status" ] && exit "$status"
exit 125
