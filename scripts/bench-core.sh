#!/usr/bin/env bash
# make bench, hypervisor part: boots benchmark scenarios in Bochs and
# reports counts that do not depend on machine noise (Bochs's TSC advances
# once per emulated instruction) next to wall times (median of 3 runs).
#   boot     power-on to the first guest instruction
#   default  the whole default run
#   vmcall   a hypercall round trip, over 10,000 calls
#   memory   hypervisor metadata per guest page, one guest touching 96 MiB
#   svm      the hypercall round trip and a demand-mapped page's cost on
#            the SVM back end (Bochs's ryzen model) beside VMX's
#   reclaim  ballooning and swapping in one run: hypervisor cycles per page
#            each way, balloon catch-up in ticks
#   balloon  ballooning alone, with 64 MiB guests whose drivers move 1,024
#            pages a step: VM exits per ballooned page, cycles per page
#   storm    a swap storm: swap throughput against the scenario's disk
#   mmio     the virtio-balloon path over MMIO: the hypervisor's work per
#            emulated access, MMIO exits per ballooned page (lists of 256)
set -u
cd "$(dirname "$0")/.."
make -s build/ballast.elf build/guest-stub.bin build/swapinfo >/dev/null || exit 1

wall() { # wall NAME SCENARIO: median wall seconds of 3 boots
	local name=$1 scn=$2 t
	scripts/make-iso.sh "build/iso/bench-$name.iso" build/ballast.elf build/guest-stub.bin "$scn" || exit 1
	for i in 1 2 3; do
		start=$(date +%s.%N)
		BOCHS_QUIET=1 scripts/run-bochs.sh "build/iso/bench-$name.iso" "out/bench/$name" || {
			echo "bench-core.sh: $name run failed" >&2
			exit 1
		}
		awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }'
	done | sort -n | sed -n 2p
}

field() { # field NAME SED-EXPR
	sed -n "$2" "out/bench/$1/console.log" | head -n 1
}

printf '%-44s %s\n' "benchmark (hypervisor in Bochs)" "result"
t=$(wall boot tests/bench/boot.scn)
read -r hv first < <(field boot 's/^cycles: hypervisor entered at \([0-9]*\), first guest instruction at \([0-9]*\),.*/\1 \2/p')
printf '%-44s %s s wall, %s emulated instructions (BIOS and GRUB %s, hypervisor %s)\n' \
	"power-on to first guest instruction" "$t" "$first" "$hv" "$((first - hv))"

t=$(wall default scenarios/default.scn)
c=$(field default 's/^cycles: .* end at \([0-9]*\),.*/\1/p')
printf '%-44s %s s wall, %s emulated instructions\n' "whole default run (4 guests)" "$t" "$c"

t=$(wall vmcall tests/bench/vmcall.scn)
c=$(field vmcall 's/^\[bench\] vmcall round trips: 10000, cycles \([0-9]*\), per call \([0-9]*\)$/\2 (total \1)/p')
printf '%-44s %s emulated cycles per call\n' "VMCALL round trip (10,000 calls)" "$c"

t=$(wall memory tests/bench/memory.scn)
m=$(field memory 's/^metadata: //p')
printf '%-44s %s\n' "hypervisor metadata (96 MiB touched)" "$m"

# The SVM back end on Bochs's AMD model (ryzen), one boot each: its counts
# do not depend on the host. A demand-mapped page costs a stage-2 fault
# (EPT violation, nested page fault) and the guest's 1,024 accesses to it,
# the same guest code under both: the difference is the faults'.
on_cpu() { # on_cpu CPU NAME SCENARIO: one boot on Bochs's CPU model
	scripts/make-iso.sh "build/iso/bench-$2.iso" build/ballast.elf build/guest-stub.bin "$3" || exit 1
	BOCHS_CPU=$1 BOCHS_QUIET=1 scripts/run-bochs.sh "build/iso/bench-$2.iso" "out/bench/$2" || {
		echo "bench-core.sh: $2 run ($1) failed" >&2
		exit 1
	}
}
on_svm() { # on_svm NAME SCENARIO
	on_cpu ryzen "$@"
}
per_page() { # per_page NAME: guest cycles per demand-mapped page
	awk '/^ballast: guest 1 .*demand-mapped/ { for (i = 1; i <= NF; i++) if ($i == "demand-mapped") p = $(i + 1) + 0 }
		/^cycles: .*guests ran/ { for (i = 1; i <= NF; i++) if ($i == "ran") c = $(i + 1) + 0 }
		END { if (p) printf "%d", c / p }' "out/bench/$1/console.log"
}
on_svm vmcall-svm tests/bench/vmcall.scn
c=$(field vmcall-svm 's/^\[bench\] vmcall round trips: 10000, cycles \([0-9]*\), per call \([0-9]*\)$/\2 (total \1)/p')
printf '%-44s %s emulated cycles per call\n' "VMMCALL round trip (SVM, 10,000 calls)" "$c"
on_svm memory-svm tests/bench/memory.scn
vmx=$(per_page memory) svm=$(per_page memory-svm)
printf '%-44s %s emulated cycles (VMX, EPT violation), %s (SVM, NPF): SVM - VMX = %s per fault\n' \
	"demand-mapped page, fault + 1,024 accesses" "$vmx" "$svm" "$((svm - vmx))"

# once NAME SCENARIO: one boot with a swap disk; its counts do not depend
# on the host.
once() {
	local name=$1 scn=$2
	scripts/make-iso.sh "build/iso/bench-$name.iso" build/ballast.elf build/guest-stub.bin "$scn" || exit 1
	mkdir -p "out/bench/$name"
	scripts/make-swap-disk.sh "$scn" "out/bench/$name/swap.img" || exit 1
	BOCHS_QUIET=1 scripts/run-bochs.sh "build/iso/bench-$name.iso" "out/bench/$name" "out/bench/$name/swap.img" || {
		echo "bench-core.sh: $name run failed" >&2
		exit 1
	}
}

# balloon_cost LOG: pages ballooned (in and out), pages per inflate or
# deflate call (each one VM exit), hypervisor cycles per page.
balloon_cost() {
	awk '/^  balloon: / { for (i = 1; i <= NF; i++) { if ($i == "inflated") p += $(i + 1); if ($i == "deflated") p += $(i + 1); if ($i == "calls,") c += $(i - 1); if ($i == "cycles;") y += $(i - 1) } }
		END { if (p && c) printf "%d %.1f %d", p, p / c, y / p }' "$1"
}

once balloon tests/bench/balloon.scn
read -r pages per_exit per_page <<<"$(balloon_cost out/bench/balloon/console.log)"
printf '%-44s %s pages per VM exit (%.4f exits per page; virtio-balloon: 1/256)\n' "balloon: exits per page ($pages pages)" "$per_exit" "$(awk -v x="$per_exit" 'BEGIN { print 1 / x }')"
printf '%-44s %s emulated cycles per page ballooned\n' "balloon: hypervisor work" "$per_page"
printf '%-44s %s\n' "balloon catch-up, 64 MiB guests" "$(sed -n 's/^balloon catch-up: //p' out/bench/balloon/console.log)"

once reclaim tests/bench/reclaim.scn
log=out/bench/reclaim/console.log
read -r pages per_exit per_page <<<"$(balloon_cost "$log")"
read -r out_cycles in_cycles < <(sed -n 's/^swap cost: \([0-9]*\) hypervisor cycles per page out, \([0-9]*\) per page in$/\1 \2/p' "$log")
printf '%-44s %s pages per VM exit, %s emulated cycles per page (16 MiB guests: steps of 256)\n' "balloon beside swapping ($pages pages)" "$per_exit" "$per_page"
printf '%-44s %s emulated cycles out, %s in (%.1fx and %.1fx a ballooned page)\n' "swap: hypervisor work per page" "$out_cycles" "$in_cycles" \
	"$(awk -v a="$out_cycles" -v b="$per_page" 'BEGIN { print a / b }')" "$(awk -v a="$in_cycles" -v b="$per_page" 'BEGIN { print a / b }')"
printf '%-44s %s\n' "balloon catch-up (target rise to reached)" "$(sed -n 's/^balloon catch-up: //p' "$log")"
once storm tests/integration/swap/swap.scn
printf '%-44s %s\n' "swap storm: pages swapped" "$(sed -n 's/^swap: //p' out/bench/storm/console.log)"
printf '%-44s %s\n' "swap storm: throughput" "$(sed -n 's/^swap throughput: //p' out/bench/storm/console.log)"

# MMIO: the stub's virtio-balloon driver probes the device, then sends
# four lists of 256 pages; each register access is one exit. The
# emulation's cost is the hypervisor's cycles per access less the balloon
# work the lists did inside them (the summary's balloon cycles).
on_cpu corei7_skylake_x mmio tests/bench/mmio.scn
read -r exits each pages lists < <(field mmio 's/^  mmio: \([0-9]*\) accesses emulated, \([0-9]*\) hypervisor cycles each; virtio-balloon \([0-9]*\) pages in \([0-9]*\) lists.*/\1 \2 \3 \4/p')
work=$(field mmio 's/^  balloon: .* calls, \([0-9]*\) cycles;.*/\1/p')
printf '%-44s %s emulated cycles per access, the balloon work left out (%s with it)\n' \
	"MMIO emulation: hypervisor work ($exits)" "$(( (exits * each - work) / exits ))" "$each"
printf '%-44s %s (%s exits, the probe and set-up included, for %s lists of 256)\n' \
	"virtio-balloon: MMIO exits per page ($pages)" \
	"$(awk -v e="$exits" -v p="$pages" 'BEGIN { printf "%.4f", e / p }')" "$exits" "$lists"
