#!/usr/bin/env bash
# The simulator and the emulator agree (issue 12): the scaled case study
# (scenarios/case-study-{baseline,contention}-small.scn) in Bochs and in
# ballast-sim with the guest stub's model (-m stub) visits the same memory states, reaches peak balloon targets
# within 15 % of each other, and gives run-time ratios (contention over
# baseline, run time and run time less steal) within 25 %. The Bochs
# traces are the case-study test's (out/test/case-study-*/), when they are
# newer than the build and the scenarios; otherwise it boots them itself.
. "$(dirname "$0")/../lib/lib.sh"

base=scenarios/case-study-baseline-small.scn
cont=scenarios/case-study-contention-small.scn
facts=scripts/experiment/facts.awk
make -s build/ballast.elf build/guest-stub.bin build/swapinfo build/ballast-sim >/dev/null

fresh() { # fresh TRACE: a trace newer than everything it depends on
	[ -s "$1" ] && [ -z "$(find build/ballast.elf build/guest-stub.bin "$base" "$cont" -newer "$1")" ]
}
if ! fresh out/test/case-study-baseline/trace.csv || ! fresh out/test/case-study-contention/trace.csv; then
	(boot case-study-baseline "$base"; exit "$boot_status") &
	bpid=$!
	boot case-study-contention "$cont"
	cstatus=$boot_status
	wait "$bpid"
	check "emulator: both runs end with status 0" [ $? -eq 0 -a "$cstatus" -eq 0 ]
fi
eb=out/test/case-study-baseline/trace.csv ec=out/test/case-study-contention/trace.csv
sb=out/test/sim-agree/baseline sc=out/test/sim-agree/contention
build/ballast-sim "$base" -m stub -o $sb >/dev/null && build/ballast-sim "$cont" -m stub -o $sc >/dev/null
check "simulator: both runs" [ -s $sb/trace.csv -a -s $sc/trace.csv ]

states() { # the states a trace visits, sorted
	awk -F, 'NR > 1 { print $3 }' "$1" | sort -u | tr '\n' ' '
}
for run in baseline contention; do
	e=$eb s=$sb/trace.csv
	[ $run = contention ] && e=$ec s=$sc/trace.csv
	echo "# $run states: emulator $(states $e), simulator $(states $s)"
	check "$run: the same states visited" [ "$(states $e)" = "$(states $s)" ]
done

ef() { sed -n "s/^$2=//p" <<<"$1"; }
ebf=$(awk -f $facts $eb) ecf=$(awk -f $facts $ec) sbf=$(awk -f $facts $sb/trace.csv) scf=$(awk -f $facts $sc/trace.csv)
# within PCT A B: A and B differ by at most PCT % of B
within() { awk -v p="$1" -v a="$2" -v b="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && 100 * d <= p * b) }'; }
for g in $(ef "$ecf" guests); do
	et=$(ef "$ecf" peak_target_$g) st=$(ef "$scf" peak_target_$g)
	echo "# contention $g: peak target emulator $et pages, simulator $st pages"
	check "contention $g: peak targets within 15 %" within 15 "$st" "$et"
done
bg=$(ef "$ebf" guests)
g1=${bg%% *}
for what in run_s net_s; do
	er=$(awk -v c="$(ef "$ecf" ${what}_$g1)" -v b="$(ef "$ebf" ${what}_$g1)" 'BEGIN { printf "%.2f", c / b }')
	sr=$(awk -v c="$(ef "$scf" ${what}_$g1)" -v b="$(ef "$sbf" ${what}_$g1)" 'BEGIN { printf "%.2f", c / b }')
	echo "# $g1 $what contention/baseline: emulator $er ($(ef "$ecf" ${what}_$g1) / $(ef "$ebf" ${what}_$g1) s), simulator $sr ($(ef "$scf" ${what}_$g1) / $(ef "$sbf" ${what}_$g1) s)"
	check "$g1: the $what ratios within 25 %" within 25 "$sr" "$er"
done
