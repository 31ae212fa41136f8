#!/usr/bin/env bash
# One image, two back ends: the default scenario and seed on Bochs's VMX
# model (corei7_skylake_x) and on its SVM model (ryzen). Both must pass
# the default test's checks, and give the same trace where timing does
# not enter. What timing decides: when a tick falls against a guest's
# progress, since a VMX preemption-timer slice and an SVM local APIC timer
# slice end a few instructions apart, and a VM exit costs different
# numbers of instructions on each. So t_ms (how long the run takes) and,
# per row, free_pages, granted_pages, guest_* and alloc/active pages (how
# far each guest got by that tick) differ, as do the timer-exit counts
# and cycles in the summary. What does not: the trace's columns, the rows
# before any guest ran, each guest's state, total pages, balloon and swap
# targets and pages in row order (the default scenario never leaves high
# memory), the last tick's rows once every guest has given its pages
# back (less the CPU and steal times), and the summary's page counts, hypercalls, stage-2 faults and
# stage-2 table peaks per guest.
. "$(dirname "$0")/../lib/lib.sh"

scn=scenarios/default.scn
machine=bochs-vmx
boot svm-trace "$scn"
vmx_status=$boot_status vmx_out=$out
machine=bochs-svm
boot svm-trace "$scn"
svm_status=$boot_status svm_out=$out

# The default test's checks, on each machine.
for m in vmx svm; do
	eval "status=\$${m}_status dir=\$${m}_out"
	console=$dir/console.log
	check "$m: run status 0" [ "$status" -eq 0 ]
	id=0
	while read -r kw name rest; do
		[ "$kw" = guest ] || continue
		id=$((id + 1))
		pages=$(($(sed -n 's/.*touch=\([0-9]*\)M.*/\1/p' <<<"$rest") * 256))
		check "$m: guest $name passes, its pattern verified over $pages pages" \
			passed_and_has "$name" "^\[$name\] pattern verified: $pages pages, "
		check "$m: guest $name: demand-mapped pages = touched pages ($pages)" \
			has "^ballast: guest $id $name: pages loaded [0-9]+, demand-mapped $pages, "
	done < <(grep -v '^#' $scn)
	check "$m: every guest page goes back at the end" \
		has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
done
check "the VMX run used VMX, the SVM run SVM" eval \
	"grep -q '^ballast: VMX on: ' $vmx_out/console.log && grep -q '^ballast: SVM on: ' $svm_out/console.log"

# untimed FILE: the trace's rows less the columns timing decides
# (guest, state, total, balloon target and pages, swap target and pages,
# blocked), guest by guest in tick order, a guest's repeated rows folded.
untimed() { awk -F, 'NR > 1 { print $2, $3, $5, $7, $8, $9, $10, $13 }' "$1" | sort -s -k1,1 | uniq; }
# first_rows FILE / last_rows FILE: the rows of the first tick, whole; of
# the last, less t_ms and each guest's cpu_ms and steal_ms (columns 25
# and 26: how long its slices ran, which timing decides).
first_rows() { awk -F, 'NR == 2 { t = $1 } NR > 1 && $1 == t' "$1"; }
last_rows() { tail -n 4 "$1" | cut -d, -f2-24,27-; }
# untimed_summary FILE: per guest its result, pages, hypercalls and
# stage-2 faults (renamed to the arch-neutral kinds) and table peaks.
untimed_summary() {
	sed -En -e 's/^(guest [0-9]+ [^ ]+: exited: .*)$/\1/p' \
		-e 's/^  pages: (.*)$/pages \1/p' \
		-e 's/^  (EPT|NPT) tables: peak ([0-9]+) pages.*/tables \2/p' \
		-e 's/^  exits: (vmcall|vmmcall) ([0-9]+) (ept-violation|npf) ([0-9]+).*/hypercalls \2 faults \4/p' \
		-e 's/^(machine: .*)$/\1/p' "$1"
}
v=$vmx_out s=$svm_out
check "the same trace columns" [ "$(head -n 1 $v/trace.csv)" = "$(head -n 1 $s/trace.csv)" ]
check "the same rows before any guest ran" [ "$(first_rows $v/trace.csv)" = "$(first_rows $s/trace.csv)" ]
check "the same states, totals, balloon and swap targets and pages, row by row" \
	[ "$(untimed $v/trace.csv)" = "$(untimed $s/trace.csv)" ]
check "the same last tick, every page given back" [ "$(last_rows $v/trace.csv)" = "$(last_rows $s/trace.csv)" ]
check "the same results, pages, hypercalls, stage-2 faults and table peaks per guest" \
	[ "$(untimed_summary $v/summary.txt)" = "$(untimed_summary $s/summary.txt)" ]
check "the summaries have what is compared (4 guests)" \
	[ "$(untimed_summary $s/summary.txt | grep -c '^hypercalls 5 faults')" -eq 4 ]
