#!/usr/bin/env bash
# run-tests: alone
# make run on the default scenario: every guest says hello, writes its
# pattern and verifies it; the pages mapped on demand are exactly the pages
# it touched; the allocator's guest pages equal the sum of the guests'
# mappings; the summary is complete; make run's status is 0.
. "$(dirname "$0")/../lib/lib.sh"

scn=scenarios/default.scn
BOCHS_QUIET=1 make -s run OUT=out/test SCENARIO=$scn >/dev/null 2>&1
status=$?
console=out/test/bochs/default/console.log
check "make run exits 0 on the default scenario" [ "$status" -eq 0 ]
check "the console ends with the success verdict" has '^ballast: run ended: status 0$'

id=0
while read -r kw name rest; do
	[ "$kw" = guest ] || continue
	id=$((id + 1))
	touch=$(sed -n 's/.*touch=\([0-9]*\)M.*/\1/p' <<<"$rest")
	pages=$((touch * 256))
	check "guest $name says hello with id $id" has "^\[$name\] hello from guest $id \($name\)"
	check "guest $name passes, its pattern verified over $pages pages" \
		passed_and_has "$name" "^\[$name\] pattern verified: $pages pages, "
	check "guest $name: demand-mapped pages = touched pages ($pages)" \
		has "^ballast: guest $id $name: pages loaded [0-9]+, demand-mapped $pages, "
	check "guest $name exits with the result pass in the summary" has "^guest $id $name: exited: pass$"
done < <(grep -v '^#' $scn)
check "the default scenario has four guests" [ "$id" -eq 4 ]

bad=$(sed -n 's/^ballast: accounting: machine guest pages \([0-9]*\) = sum of guests. mapped pages \([0-9]*\)$/\1 \2/p' "$console" |
	awk '$1 != $2' | wc -l)
lines=$(grep -c '^ballast: accounting:' "$console")
check "accounting reported at each guest's end ($lines lines), allocator = sum of guests every time" \
	[ "$lines" -eq 4 -a "$bad" -eq 0 ]
check "every guest page goes back at the end" has '^machine: [0-9]+ pages, free [0-9]+, hypervisor [0-9]+, guest 0, in flight 0$'
check "summary.txt holds the summary block" grep -q '^--- end of summary ---$' out/test/bochs/default/summary.txt
