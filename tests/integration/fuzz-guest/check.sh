#!/usr/bin/env bash
# The fuzzing guest: 100,000 seeded random and mutated hypercalls (every
# number, arguments at their edges, balloon lists empty, full, one over,
# unaligned, with duplicates, pages outside the guest and pages of its
# own image), each answer checked by the guest against a model of the ABI
# (guest-stub/fuzz_model.c), every register compared. None may differ, the
# hypervisor must count exactly the refusals the guest expected, every
# refusal code the ABI has for a kernel caller must have been met, and the
# honest guest beside it must verify its heap.
. "$(dirname "$0")/../lib/lib.sh"

boot fuzz-guest tests/integration/fuzz-guest/fuzz-guest.scn
line=$(grep -E '^\[fuzz\] fuzz: [0-9]+ calls,' "$console" | tail -n 1)
calls=$(sed -E 's/.* ([0-9]+) calls,.*/\1/' <<<"$line")
refused=$(sed -E 's/.* ([0-9]+) refused,.*/\1/' <<<"$line")
check "run status 0" [ "$boot_status" -eq 0 ]
check "the fuzzer made at least 100,000 calls (${calls:-none})" [ "${calls:-0}" -ge 100000 ]
check "no answer differed from the model, no page it wrote changed" \
	has '^\[fuzz\] fuzz: [0-9]+ calls, 0 mismatches, [0-9]+ refused, [0-9]+ skipped; [0-9]+ pages touched, 0 changed$'
check "the fuzzer passed" passed fuzz
check "the hypervisor counted the refusals the fuzzer expected (${refused:-none})" \
	in_summary 1 fuzz "hypercall errors ${refused:-x}\$"
answers=$(grep -E '^\[fuzz\] fuzz answers:' "$console")
for code in 1 2 3 4 5 6 7 8 9 10 11 15; do
	check "refusal -$code was met" grep -Eq -- "; -$code [1-9][0-9]*(;|$)" <<<"$answers"
done
check "some calls succeeded" grep -Eq 'answers: ok [1-9]' <<<"$answers"
check "the honest guest verified its heap" has '^\[good\] heap verified: [0-9]+ pages, 0 mismatches$'
check "the honest guest passed" passed good
check "the accounting invariant held on every tick" \
	eval "awk -f tests/integration/lib/trace-facts.awk $out/trace.csv | grep -qx bad_ticks=0"
check "no machine page is left with a guest at the end" \
	has "^ballast: accounting: machine guest pages 0 = sum of guests' mapped pages 0$"
# What each guest costs the hypervisor (VMCS, EPT tables, victim set):
# counted, and within its bound, in the summary and in the trace.
within_bound() { # within_bound "ID NAME": 0 < peak <= bound in its summary
	set -- $(awk -v head="guest $1:" 'index($0, head) == 1 { on = 1; next }
		on && /^  hypervisor memory for it:/ { print $6, $NF; exit }' "$console")
	[ $# -eq 2 ] && [ "$1" -gt 0 ] && [ "$1" -le "$2" ]
}
for g in "1 fuzz" "2 good"; do
	check "guest ${g#* } costs the hypervisor pages within its bound" within_bound "$g"
done
check "every running guest's own hypervisor pages are in the trace, and within the hypervisor's" \
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["t_ms"] != t { if (sum > hv) bad = 1; t = $c["t_ms"]; sum = 0 }
		{ hv = $c["hv_pages"]; sum += $c["guest_hv_pages"]
		  if ($c["granted_pages"] > 0 && $c["guest_hv_pages"] == 0) bad = 1 }
		END { exit bad || sum > hv || NR < 2 }' "$out/trace.csv"
