#!/usr/bin/env bash
# run.sh ISO OUTDIR
# Boots the L1 machine (scripts/nested/mkiso.sh) in Bochs through
# scripts/run-bochs.sh, so Ballast runs nested under the L1's KVM. Leaves
# in OUTDIR what run-bochs.sh leaves (console.log: the L1's console with
# Ballast's; trace.csv: Ballast's trace; summary.txt), plus times.log:
# each console line with the wall-clock seconds since Bochs started.
# Exit status: the L1's verdict line ("nested: verdict N", the exit status
# of run-qemu.sh kvm inside: Ballast's run status, or 126 when the L1's
# host checks failed); 124 on timeout; 125 when the L1 ended without one.
# Environment: NESTED_TIMEOUT (seconds, default 3600), NESTED_MEGS (the
# L1's memory, default 512), NESTED_QUIET=1 to keep the console off the
# terminal.
set -u
iso=$1 out=$2
here=$(dirname "$0")
. "$here/clock.sh"
mkdir -p "$out"
# a console.raw left by a killed run would be read as this run's first lines
rm -f "$out/times.log" "$out/console.raw"
start=${EPOCHREALTIME/./}
BOCHS_QUIET=1 BOCHS_IPS=$((NESTED_TSC_KHZ * 1000)) BOCHS_TIMEOUT=${NESTED_TIMEOUT:-3600} BOCHS_MEGS=${NESTED_MEGS:-512} \
	"$here/../run-bochs.sh" "$iso" "$out" &
pid=$!
# run-bochs.sh leaves the console in console.raw while Bochs runs
tail -n +1 -F --pid=$pid "$out/console.raw" 2>/dev/null |
	while IFS= read -r line; do
		line=${line%$'\r'}
		t=$(((${EPOCHREALTIME/./} - start) / 100000))
		printf '%6d.%d %s\n' $((t / 10)) $((t % 10)) "$line" >> "$out/times.log"
		[ "${NESTED_QUIET:-0}" = 1 ] || printf '%s\n' "$line"
	done
wait $pid
bochs_rc=$?
[ "$bochs_rc" -eq 124 ] && exit 124
verdict=$(sed -n 's/^nested: verdict \([0-9]*\)$/\1/p' "$out/console.log" | tail -n 1)
if [ -z "$verdict" ]; then
	echo "run.sh: the L1 machine ended without a verdict (see $out/console.log, $out/bochs.log)" >&2
	exit 125
fi
exit "$verdict"
