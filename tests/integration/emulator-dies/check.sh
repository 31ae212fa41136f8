#!/usr/bin/env bash
# run-tests: alone
# When the emulator itself dies, the launcher says so: no verdict (125),
# the emulator's own last message, and the file that holds it. Bochs runs
# headless with dummy sound drivers, so a machine without a sound card (a
# fresh one) runs it at all.
. "$(dirname "$0")/../lib/lib.sh"

scn=scenarios/default.scn
make -s build/iso/default.iso >/dev/null || exit 1
out=out/test/emulator-dies
msg=$(BOCHS=tests/integration/emulator-dies/bochs-dies.sh BOCHS_QUIET=1 \
	scripts/run-bochs.sh build/iso/default.iso "$out" 2>&1 >/dev/null)
status=$?
check "a run whose emulator dies has no verdict (125)" [ "$status" -eq 125 ]
check "the launcher prints the emulator's own last message" \
	grep -q 'buffer overflow detected' <<<"$msg"
check "and names the file that holds it" grep -qF "from $top/$out/bochs.out:" <<<"$msg"
check "Bochs runs with dummy sound drivers and no speaker" \
	grep -qx 'sound: driver=dummy' "$out/bochsrc"
