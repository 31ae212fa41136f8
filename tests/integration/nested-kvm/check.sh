#!/usr/bin/env bash
# run-tests: alone
# Ballast under real KVM (make test-nested): make run-nested boots an L1
# Linux in Bochs that loads kvm_intel nested=1 and runs make run-kvm's
# launcher (run-qemu.sh kvm, its host checks included) on the default
# scenario and on a ballooning one. Checks the L1's KVM, the launcher,
# Ballast's verdict and VMX capabilities under KVM, every guest's checks,
# the accounting invariant on the trace, and what differs from the same
# scenario run directly in Bochs (VMCS revision, preemption-timer rate and
# exits; the demand-paging exits are the same). Prints the phase times.
. "$(dirname "$0")/../lib/lib.sh"

kvm_revision=0x11e57ed0 # KVM's VMCS12_REVISION: nested VMX is KVM's

# run_nested SCENARIO: make run-nested into out/test/nested/NAME/; the
# console (the L1's and Ballast's) in $console, make's status in $status.
run_nested() {
	NESTED_QUIET=1 make -s run-nested OUT=out/test SCENARIO="$1" >/dev/null 2>&1
	status=$?
	out=out/test/nested/$(basename "$1" .scn)
	console=$out/console.log
}

# vmx_line FIELD: from the console's "VMX on" line, the VMCS revision
# (revision) or the preemption timer's rate (timer).
vmx_line() {
	case $1 in
	revision) sed -n 's/^ballast: VMX on: VMCS revision \(0x[0-9a-f]*\),.*/\1/p' "$console" ;;
	timer) sed -n 's/^ballast: VMX on: .*preemption timer rate \(2^[0-9]*\),.*/\1/p' "$console" ;;
	esac
}

# exits GUEST REASON: the summary's exit count of one guest.
exits() {
	awk -v head="guest $1 " -v r="$2" '
		index($0, head) == 1 { on = 1; next }
		on && /^  exits:/ { for (i = 2; i < NF; i++) if ($i == r) print $(i + 1); on = 0 }' "$console"
}

launcher_ran() { lacks '^run-kvm: ' && has '^ballast-efi: Ballast UEFI loader$'; }
l1_verdict_0() { [ "$status" -eq 0 ] && has '^nested: verdict 0$'; }

# check_l1: the L1 machine's KVM and the launcher's host checks.
check_l1() {
	check "$1: the L1 loaded kvm_intel with nested=Y" has '^nested: kvm_intel nested=Y$'
	check "$1: the L1 has /dev/kvm" has '^nested: /dev/kvm is there$'
	check "$1: run-qemu.sh kvm's host checks passed (no run-kvm: message, QEMU/KVM booted the loader)" \
		launcher_ran
	check "$1: make run-nested exits 0, the L1's verdict (run-qemu.sh kvm's status) is 0" \
		l1_verdict_0
	check "$1: Ballast's verdict under KVM: run ended with status 0" has '^ballast: run ended: status 0$'
	check "$1: Ballast runs on KVM's nested VMX (VMCS revision $kvm_revision)" [ "$(vmx_line revision)" = $kvm_revision ]
	check "$1: every capability check passed (no missing control or feature)" lacks '^ballast: VMX (control|feature) missing'
	check "$1: every guest page goes back at the end" has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
	facts=$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv")
	check "$1: the trace came out on the L1's COM2 ($(sed -n 's/^rows=//p' <<<"$facts") rows)" \
		[ "$(sed -n 's/^rows=//p' <<<"$facts")" -gt 100 ]
	check "$1: free + hypervisor + granted pages = total on every tick" \
		[ "$(sed -n 's/^bad_ticks=//p' <<<"$facts")" -eq 0 ]
	sed -n 's/^ *\([0-9.]*\) nested: phase \(.*\)/# \1 s wall: phase \2/p' "$out/times.log"
	sed -n 's/^ *\([0-9.]*\) \(ballast-efi: Ballast UEFI loader\)$/# \1 s wall: \2 (QEMU started)/p' "$out/times.log"
}

# compare NAME DIRECT_CONSOLE: what differs from the direct Bochs run.
compare() {
	local nested=$console direct=$2
	console=$direct
	local rev=$(vmx_line revision) timer=$(vmx_line timer)
	console=$nested
	echo "# $1: VMCS revision $(vmx_line revision) under KVM, $rev in Bochs; preemption timer rate $(vmx_line timer) under KVM, $timer in Bochs"
	check "$1: the VMCS revision differs from Bochs's ($rev)" [ "$(vmx_line revision)" != "$rev" ]
	for g in $(sed -n 's/^guest \([0-9]*\) [^ ]*: exited.*/\1/p' "$nested"); do
		console=$direct
		local d_ept=$(exits "$g" ept-violation) d_timer=$(exits "$g" preemption-timer) d_call=$(exits "$g" vmcall)
		console=$nested
		echo "# $1 guest $g exits under KVM / in Bochs: vmcall $(exits "$g" vmcall)/$d_call ept-violation $(exits "$g" ept-violation)/$d_ept preemption-timer $(exits "$g" preemption-timer)/$d_timer"
	done
}

# pattern_guest_ok ID NAME PAGES: the guest's hello, its pattern over
# PAGES pages and its result pass in the summary.
pattern_guest_ok() {
	has "^\[$2\] hello from guest $1 \($2\)" &&
		has "^\[$2\] pattern verified: $3 pages, " &&
		has "^guest $1 $2: exited: pass$"
}

run_nested scenarios/default.scn
check_l1 default
id=0
while read -r kw name rest; do
	[ "$kw" = guest ] || continue
	id=$((id + 1))
	pages=$(($(sed -n 's/.*touch=\([0-9]*\)M.*/\1/p' <<<"$rest") * 256))
	check "default: guest $name says hello, verifies its $pages pages, passes" \
		pattern_guest_ok "$id" "$name" "$pages"
	check "default: guest $name: demand-mapped pages = touched pages ($pages), as in Bochs" \
		has "^ballast: guest $id $name: pages loaded [0-9]+, demand-mapped $pages, "
done < <(grep -v '^#' scenarios/default.scn)
check "default: four guests" [ "$id" -eq 4 ]
nested_console=$console
boot nested-direct-default scenarios/default.scn
direct=$console
console=$nested_console
compare default "$direct"
for g in 1 2 3 4; do
	console=$direct
	d=$(exits $g ept-violation)
	console=$nested_console
	check "default: guest $g's EPT-violation exits are Bochs's ($d): one per page touched" [ "$(exits $g ept-violation)" = "$d" ]
done

run_nested tests/integration/balloon/balloon.scn
check_l1 balloon
for g in a b c d; do
	check "balloon: guest $g verifies its heap" has "^\[$g\] heap verified: [0-9]+ pages, "
	check "balloon: guest $g exits with the result pass" passed "$g"
done
echo "$facts" | grep -E '^(states|max_lag|balloons_near_peak_target|deflated_to_zero)=' | sed 's/^/# balloon under KVM: /'
nested_console=$console
boot nested-direct-balloon tests/integration/balloon/balloon.scn
direct=$console
console=$nested_console
compare balloon "$direct"
