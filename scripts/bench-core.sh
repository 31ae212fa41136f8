#!/usr/bin/env bash
# make bench, hypervisor part: boots benchmark scenarios in Bochs and
# reports counts that do not depend on machine noise (Bochs's TSC advances
# once per emulated instruction) next to wall times (median of 3 runs).
#   boot     power-on to the first guest instruction
#   default  the whole default run
#   vmcall   a hypercall round trip, over 10,000 calls
#   memory   hypervisor metadata per guest page, one guest touching 96 MiB
set -u
cd "$(dirname "$0")/.."
make -s build/ballast.elf build/guest-stub.bin >/dev/null || exit 1

wall() { # wall NAME SCENARIO: median wall seconds of 3 boots
	local name=$1 scn=$2 t
	scripts/make-iso.sh "build/iso/bench-$name.iso" build/ballast.elf build/guest-stub.bin "$scn" || exit 1
	for i in 1 2 3; do
		start=$(date +%s.%N)
		BOCHS_QUIET=1 scripts/run-bochs.sh "build/iso/bench-$name.iso" "out/bench-$name" || {
			echo "bench-core.sh: $name run failed" >&2
			exit 1
		}
		awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }'
	done | sort -n | sed -n 2p
}

field() { # field NAME SED-EXPR
	sed -n "$2" "out/bench-$1/console.log" | head -n 1
}

printf '%-44s %s\n' "benchmark (hypervisor in Bochs)" "result"
t=$(wall boot tests/bench/boot.scn)
c=$(field boot 's/^cycles: first guest instruction at \([0-9]*\),.*/\1/p')
printf '%-44s %s s wall, %s emulated instructions\n' "power-on to first guest instruction" "$t" "$c"

t=$(wall default scenarios/default.scn)
c=$(field default 's/^cycles: .*, end at \([0-9]*\),.*/\1/p')
printf '%-44s %s s wall, %s emulated instructions\n' "whole default run (4 guests)" "$t" "$c"

t=$(wall vmcall tests/bench/vmcall.scn)
c=$(field vmcall 's/^\[bench\] vmcall round trips: 10000, cycles \([0-9]*\), per call \([0-9]*\)$/\2 (total \1)/p')
printf '%-44s %s emulated cycles per call\n' "VMCALL round trip (10,000 calls)" "$c"

t=$(wall memory tests/bench/memory.scn)
m=$(field memory 's/^metadata: //p')
printf '%-44s %s\n' "hypervisor metadata (96 MiB touched)" "$m"
