#!/usr/bin/env bash
# experiment.sh OUTDIR: make experiment (mk/experiment.mk). Runs the
# scaled case study (scenarios/case-study-{baseline,contention}-small.scn)
# in Bochs, both at once, and the full-scale pair
# (scenarios/case-study-{baseline,contention}.scn) in the simulator; draws
# each pair's figures into OUTDIR/{bochs,sim}/figures/ and prints each
# pair's table, also kept in OUTDIR/table.md. EXPERIMENT_EMULATOR=0: the
# simulator's pair only.
set -eu
out=${1:-out/experiment}
sim=build/ballast-sim
here=scripts/experiment
mkdir -p "$out"
: > "$out/table.md"

boot() { # boot NAME: the scaled scenario NAME in Bochs, into out/bochs/NAME
	local scn=scenarios/$1.scn dir=$out/bochs/$1
	mkdir -p "$dir"
	scripts/make-iso.sh "build/iso/experiment-$1.iso" build/ballast.elf \
		build/guest-stub.bin "$scn" >/dev/null
	scripts/make-swap-disk.sh "$scn" "$dir/swap.img"
	BOCHS_QUIET=1 BOCHS_TIMEOUT=${BOCHS_TIMEOUT:-900} \
		scripts/run-bochs.sh "build/iso/experiment-$1.iso" "$dir" "$dir/swap.img"
}

pair() { # pair RUNNER BASE_DIR CONT_DIR TITLE
	"$here/plot.sh" "$2/trace.csv" "$3/trace.csv" "$out/$1/figures" "$4"
	"$here/table.sh" "$2/trace.csv" "$3/trace.csv" "$4" | tee -a "$out/table.md"
	echo | tee -a "$out/table.md"
}

if [ "${EXPERIMENT_EMULATOR:-1}" != 0 ]; then
	echo "experiment: booting the scaled baseline and contention in Bochs (a few minutes)"
	boot case-study-baseline-small & bpid=$!
	boot case-study-contention-small || { echo "experiment: the contention run failed" >&2; exit 1; }
	wait "$bpid" || { echo "experiment: the baseline run failed" >&2; exit 1; }
fi
echo "experiment: the full-scale pair in the simulator"
for n in baseline contention; do
	"$sim" "scenarios/case-study-$n.scn" -o "$out/sim/case-study-$n" >/dev/null
done
if [ "${EXPERIMENT_EMULATOR:-1}" != 0 ]; then
	pair bochs "$out/bochs/case-study-baseline-small" \
		"$out/bochs/case-study-contention-small" "emulator, 1/256 scale"
fi
pair sim "$out/sim/case-study-baseline" "$out/sim/case-study-contention" \
	"simulator, full scale"
echo "experiment: figures in $out/*/figures/, the table in $out/table.md"
