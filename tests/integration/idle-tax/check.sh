#!/usr/bin/env bash
# The idle memory tax in the hypervisor: sampling EPT accessed flags finds
# that guest "lazy" touches a tenth of its heap and "busy" all of it; with
# equal shares, under pressure the lazy one gives up more memory.
. "$(dirname "$0")/../lib/lib.sh"

boot idle tests/integration/idle-tax/idle-tax.scn
check "run status 0" [ "$boot_status" -eq 0 ]
check "the hypervisor samples accessed flags" has '^ballast: VMX on: .*EPT accessed flags on$'
facts=$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv")
fact() { sed -n "s/^$1=//p" <<<"$facts"; }
# the active share the sampling measured while both held over 1000 pages
share() {
	awk -F, -v g="$1" 'NR > 1 && $2 == g && $6 > 1000 { a += $19; n += $6 }
		END { print n ? int(100 * a / n) : -1 }' "$out/trace.csv"
}
busy=$(share busy) lazy=$(share lazy)
echo "# active share sampled: busy $busy%, lazy $lazy%"
check "sampling finds the lazy guest less active than the busy one" [ "$lazy" -lt "$busy" ]
check "the state leaves high" grep -q ' soft' <<<"$(fact states)"
echo "# peak balloons: busy $(fact peak_balloon_busy), lazy $(fact peak_balloon_lazy)"
check "the idle guest gives up more memory than the active one" \
	[ "$(fact peak_balloon_lazy)" -gt $((2 * $(fact peak_balloon_busy))) ]
for g in busy lazy; do
	check "guest $g verifies its heap: it passes" passed "$g"
done
