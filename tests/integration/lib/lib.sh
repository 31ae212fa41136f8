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

# MACHINE picks what boot runs on: bochs-vmx (the default: Bochs's
# corei7_skylake_x, VT-x with EPT), bochs-svm (Bochs's ryzen, AMD SVM with
# nested paging) or qemu-svm (QEMU's TCG with -cpu max from the ISO, SVM
# with nested paging, no NRIPS). Off the default, boot's NAME gets the
# machine as a suffix, so the runs of one test on two machines stay apart.
machine=${MACHINE:-bochs-vmx}
case $machine in
bochs-vmx | bochs-svm | qemu-svm) ;;
*)
	echo "lib.sh: unknown MACHINE $machine (bochs-vmx, bochs-svm or qemu-svm)" >&2
	exit 2
	;;
esac
# The back end's names the console uses, for checks that quote them.
if [ "$machine" = bochs-vmx ]; then
	s2_name=EPT exit_hypercall=vmcall exit_mem_fault=ept-violation
	exit_triple_fault='exit reason 2 triple-fault'
else
	s2_name=NPT exit_hypercall=vmmcall exit_mem_fault=npf
	exit_triple_fault='exit reason 127 shutdown'
fi

# run_machine ISO OUT [DISK]: boots ISO on $machine, with run-bochs.sh's
# or run-qemu.sh's exit status (the run's verdict).
run_machine() {
	case $machine in
	bochs-vmx) BOCHS_CPU=corei7_skylake_x scripts/run-bochs.sh "$@" ;;
	bochs-svm) BOCHS_CPU=ryzen scripts/run-bochs.sh "$@" ;;
	qemu-svm)
		QEMU_QUIET=1 QEMU_TIMEOUT=${BOCHS_TIMEOUT:-300} \
			scripts/run-qemu.sh iso "$@" 2>"$2/run-qemu.err"
		;;
	esac
}

# skip NAME REASON: a check this machine cannot make, counted with its
# reason (TAP's "# skip").
skip() { echo "ok - $1 # skip: $2"; }
# timed_check NAME COMMAND...: a check of something the scenario's timing
# decides (pressure arriving while a guest still runs, interrupts during
# a phase). The scenarios are timed for Bochs; QEMU's TCG runs guest code
# about 3x faster, so a guest may finish before the pressure comes: there
# the check is skipped, saying so.
timed_check() {
	if [ "$machine" = qemu-svm ]; then
		skip "$1" "timed for Bochs; QEMU runs guest code about 3x faster"
	else
		check "$@"
	fi
}

# run_on MACHINE TEST...: runs the named tests (tests/integration/TEST/
# check.sh) on MACHINE, each check's name prefixed with the machine and
# the test, so one failure says where.
run_on() {
	local m=$1 t
	shift
	for t in "$@"; do
		MACHINE=$m bash "tests/integration/$t/check.sh" 2>&1 |
			sed -E "s/^(not ok|ok) - /\1 - [$m $t] /"
	done
}

# boot NAME SCENARIO [DISK]: builds an ISO for SCENARIO and boots it on
# $machine with a fresh swap disk sized for the scenario (DISK=none:
# without one; DISK_TIMES=N: N times that size; DISK_FOR=FILE: sized for
# another scenario); leaves
# out/test/NAME/{console.log,trace.csv,summary.txt,swap.img} and the run's
# verdict in $boot_status.
boot() {
	local name=$1 scn=$2 disk=${3:-}
	[ "$machine" = bochs-vmx ] || name=$name-$machine
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
		run_machine "$iso" "$out" "${disk_arg[@]}"
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

# irq_summary ID NAME: kernel guest ID NAME's summary line "interrupts:"
# in $irq_line, and its numbers in irq_edges (the PIT's IRQ 0 edges),
# irq0 (IRQ 0's vectors injected), irq_halts (HLT waits), irq_halted_ms.
irq_summary() {
	irq_line=$(awk -v head="guest $1 $2:" 'index($0, head) == 1 { on = 1 }
		on && /^  interrupts:/ { print; exit }' "$console")
	irq_edges=$(sed -n 's/.*IRQ 0 edges \([0-9]*\),.*/\1/p' <<<"$irq_line")
	irq0=$(sed -n 's/.*vectors injected [0-9]* (IRQ 0 \([0-9]*\)[,)].*/\1/p' <<<"$irq_line")
	irq_halts=$(sed -n 's/.*HLT waits \([0-9]*\),.*/\1/p' <<<"$irq_line")
	irq_halted_ms=$(sed -n 's/.*, \([0-9]*\) ms halted$/\1/p' <<<"$irq_line")
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
