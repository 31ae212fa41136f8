#!/usr/bin/env bash
# One guest without a balloon driver among two with one: the state reaches
# hard, the hypervisor swaps that guest's pages, and the others balloon;
# the swap area is empty at the end.
. "$(dirname "$0")/../lib/lib.sh"

boot swap-mixed tests/integration/swap-mixed/swap-mixed.scn
check "run status 0" [ "$boot_status" -eq 0 ]
facts=$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv")
fact() { sed -n "s/^$1=//p" <<<"$facts"; }
echo "$facts" | grep -E 'peak_(balloon|swapped)' | sed 's/^/# /'
check "the state reaches hard" grep -q ' hard' <<<"$(fact states)"
check "the guest without a driver has no balloon" [ "$(fact peak_balloon_nodrv)" -eq 0 ]
check "the guest without a driver is swapped" [ "$(fact peak_swapped_nodrv)" -gt 0 ]
for g in bal1 bal2; do
	check "guest $g gives most of its memory back through its balloon" \
		[ "$(fact peak_balloon_$g)" -gt "$(fact peak_swapped_$g)" ]
done
for g in nodrv bal1 bal2; do
	check "guest $g verifies its heap: it passes" passed "$g"
done
# Balloon guests inflate pages the hypervisor swapped: each such page's slot
# is freed then, so none is left once every guest has exited.
check "no swap slot is left in use after every guest exited" \
	eval "build/swapinfo $out/swap.img | grep -q '^0 of 8192 slots used$'"
