# Helpers for the emulator tests: boot a scenario in Bochs and check the
# console. Each check prints "ok - NAME" or "not ok - NAME", which
# scripts/run-tests.sh counts. Source it from a test's check.sh
# (. "$(dirname "$0")/../lib/lib.sh"). A guest's
# verdict is its named result (include/ballast/result.h, reported through
# guest-stub/report.h), read with passed and no_failure, not its prose.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$top" || exit 1

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
check() { # check NAME COMMAND...
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# boot NAME SCENARIO [DISK]: builds an ISO for SCENARIO and boots it in
# Bochs with a fresh swap disk sized for the scenario (DISK=none: without
# one; DISK_TIMES=N: N times that size; DISK_FOR=FILE: sized for another
# scenario); leaves
# out/test/NAME/{console.log,trace.csv,summary.txt,swap.img} and the run's
# verdict in $boot_status.
boot() {
	local name=$1 scn=$2 disk=${3:-}
	local iso=build/iso/test-$name.iso disk_arg=()
	make -s build/ballast.elf build/guest-stub.bin build/swapinfo >/dev/null || return 1
	scripts/make-iso.sh "$iso" build/ballast.elf build/guest-stub.bin "$scn" || return 1
	out=out/test/$name
	mkdir -p "$out"
	rm -f "$out/swap.img"
	if [ "$disk" != none ]; then
		scripts/make-swap-disk.sh "${DISK_FOR:-$scn}" "$out/swap.img" || return 1
		[ -z "${DISK_TIMES:-}" ] ||
			truncate -s $(($(stat -c %s "$out/swap.img") * DISK_TIMES)) "$out/swap.img"
		disk_arg=("$out/swap.img")
	fi
	BOCHS_QUIET=1 BOCHS_TIMEOUT=${BOCHS_TIMEOUT:-300} \
		scripts/run-bochs.sh "$iso" "$out" "${disk_arg[@]}"
	boot_status=$?
	console=$out/console.log
}

# has PATTERN: the console has a line matching the extended regex.
has() { grep -Eq -- "$1" "$console"; }
# lacks PATTERN: no console line matches.
lacks() { ! has "$1"; }
# in_summary ID NAME PATTERN: guest ID NAME's block of the summary (its
# lines up to the next guest or the machine line) has a line matching the
# extended regex.
in_summary() {
	awk -v head="guest $1 $2:" '
		index($0, head) == 1 { on = 1; print; next }
		on && (/^guest [0-9]+ / || /^machine:/) { on = 0 }
		on' "$console" | grep -Eq -- "$3"
}

# result NAME: the result guest NAME exited with, by name, from the
# summary ("guest 1 g1: exited: pass"); empty if it did not exit.
result() { sed -n "s/^guest [0-9]* $1: exited: //p" "$console"; }
# passed NAME: guest NAME exited with the result pass.
passed() { [ "$(result "$1")" = pass ]; }
# passed_and_has NAME PATTERN: guest NAME passed, and printed a line
# matching PATTERN (a number the test checks besides the verdict).
passed_and_has() { passed "$1" && has "$2"; }
# no_failure NAME: guest NAME reported no error, fail or crash (for a
# guest the hypervisor stops, which never exits with a result).
no_failure() { lacks "^\\[$1\\] (error|fail|crash): "; }
