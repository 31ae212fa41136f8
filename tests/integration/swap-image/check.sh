#!/usr/bin/env bash
# The swap image after a run: cut short by the scenario's end (until=) while
# guests still hold pages in swap, the image lists, slot by slot, which
# guest page is where, and the counts agree with the trace's last rows.
. "$(dirname "$0")/../lib/lib.sh"

boot swap-until tests/integration/swap-image/swap-image.scn
check "run status 0: the scenario's end is not a failure" [ "$boot_status" -eq 0 ]
check "the guests were still running at the scenario's end" \
	has '^guest 1 u1: still running at the scenario.s end$'
last=$(tail -n 3 "$out/trace.csv")
swapped=$(awk -F, '{ s += $10 } END { print s + 0 }' <<<"$last")
echo "# swapped pages in the trace's last rows: $swapped"
info=$(build/swapinfo "$out/swap.img")
check "some pages were still in swap" [ "$swapped" -gt 0 ]
check "swapinfo counts the trace's swapped pages" \
	grep -q "^$swapped of 12288 slots used$" <<<"$info"
for id in 1 2 3; do
	want=$(awk -F, -v g="u$id" '$2 == g { print $10 }' <<<"$last")
	got=$(grep -c "^slot [0-9]*: guest $id page 0x" <<<"$info")
	check "guest u$id: slots listed in the image = its swapped pages ($want)" [ "$got" -eq "$want" ]
done
check "no page is in two slots" \
	[ "$(grep '^slot' <<<"$info" | awk '{ print $4, $6 }' | sort | uniq -d | wc -l)" -eq 0 ]
