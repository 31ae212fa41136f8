#!/usr/bin/env bash
# run-tests: alone
# Two unmodified Linux guests (Debian's cloud kernel and make linux-parts'
# initramfs, make test-linux) ballooned by their own virtio_balloon while
# a guest stub's heap over-commits the machine (linux-balloon.scn): both
# reach /init and load the virtio modules; the policy sets targets and
# each driver inflates to within two ticks of them once it is up, so the
# workload's /proc/meminfo MemTotal falls; when the stub has ended the
# balloons deflate and MemTotal grows back; the workloads' data stays
# intact, and free + hypervisor + granted = total on every tick.
. "$(dirname "$0")/../lib/lib.sh"

export KERNEL_PATH=build/linux
start=$(date +%s)
BOCHS_MEGS=384 BOCHS_TIMEOUT=1500 boot linux-balloon tests/integration/linux-balloon/linux-balloon.scn
echo "# linux-balloon: $(($(date +%s) - start)) s of wall time"
check "run status 0" [ "$boot_status" -eq 0 ]
for g in l1 l2; do
	check "$g reached /init" has "^\\[$g\\] init: reached /init\$"
	check "$g loaded virtio_balloon" has "^\\[$g\\] init: loaded virtio_balloon\$"
	check "$g's workload verified its data every round" \
		eval "has '^\\[$g\\] workload: round [0-9]+ ok MemTotal' && lacks '^\\[$g\\] workload: ERROR'"
	# first: before virtio_balloon loaded (/init prints it); then the rounds'
	first=$(sed -n "s/^\\[$g\\] init: before the balloon MemTotal: \\([0-9]*\\) kB$/\\1/p" "$console")
	totals=$(sed -n "s/^\\[$g\\] workload: round [0-9]* ok MemTotal: \\([0-9]*\\) kB.*/\\1/p" "$console")
	least=$(sort -n <<<"$totals" | head -1) last=$(tail -1 <<<"$totals")
	echo "# $g MemTotal: before the balloon $first kB, least $least kB, last $last kB"
	check "$g's MemTotal fell while its balloon inflated" [ "${least:-0}" -lt "${first:-0}" ]
	check "$g's MemTotal grew back when it deflated" [ "${last:-0}" -gt "${least:-0}" ]
	check "$g was not stopped" lacks "^ballast: guest [0-9]+ $g stopped"
done
check "the memory-hungry stub verified its heap" passed hog
facts=$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv")
fact() { sed -n "s/^$1=//p" <<<"$facts"; }
check "free + hypervisor + granted pages = total on every tick" [ "$(fact bad_ticks)" -eq 0 ]
for g in l1 l2; do
	check "$g's balloon held pages (trace)" [ "$(fact "peak_balloon_$g")" -gt 0 ]
done
# Once a Linux driver holds pages, a target above its balloon is met within
# two ticks: the longest run of ticks below a target (by more than one
# request of 256 pages) after the driver's first inflation.
lag=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["guest"] ~ /^l[12]$/ {
		g = $c["guest"]; b = $c["balloon_pages"]; t = $c["balloon_target_pages"]
		if (b > 0) up[g] = 1
		if (!up[g]) next
		run[g] = b + 256 < t ? run[g] + 1 : 0
		if (run[g] > max) max = run[g]
	} END { print max + 0 }' "$out/trace.csv")
echo "# longest run of ticks a Linux balloon was short of its target: $lag"
check "Linux's virtio_balloon meets its target within two ticks" [ "$lag" -le 2 ]
check "the balloons deflated at the end (trace)" [ "$(fact deflated_to_zero)" -gt 0 ]
check "the summary counts virtio-balloon pages for l1" \
	in_summary 1 l1 '^  mmio: [0-9]+ accesses emulated, [0-9]+ hypervisor cycles each; virtio-balloon [1-9][0-9]* pages'
