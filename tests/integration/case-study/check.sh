#!/usr/bin/env bash
# The case study in the emulator (issue 12): the scaled baseline and
# contention runs, side by side in Bochs, and each of the case study's
# claims checked on their traces, with the measured numbers printed:
# the baseline stays high with zero targets and pages a little inside;
# contention goes soft, hard and low, swaps, and its guests wait; balloon
# targets peak at about half of each guest's memory; working sets shrink
# and page reads rise once the balloons inflate; the shared disk
# saturates; run time less steal grows at least 1.5x; collections stay
# within 30 % of the baseline's; every guest passes its own data checks.
# Then the simulator with the stub's model agrees with these traces
# (tests/integration/sim-agree, which finds them fresh and boots nothing).
. "$(dirname "$0")/../lib/lib.sh"

base=scenarios/case-study-baseline-small.scn
cont=scenarios/case-study-contention-small.scn
mem_pages=$(($(sed -n 's/^guest .* memory=\([0-9]*\)M .*/\1/p' "$cont" | head -1) * 256))
make -s build/ballast.elf build/guest-stub.bin build/swapinfo >/dev/null
(boot case-study-baseline "$base"; exit "$boot_status") &
bpid=$!
boot case-study-contention "$cont"
cstatus=$boot_status
wait "$bpid"
bstatus=$?
check "baseline: run status 0" [ "$bstatus" -eq 0 ]
check "contention: run status 0" [ "$cstatus" -eq 0 ]

bdir=out/test/case-study-baseline
cdir=out/test/case-study-contention
lib=tests/integration/lib/trace-facts.awk
here=tests/integration/case-study
bfacts=$(awk -f $lib $bdir/trace.csv; awk -f $here/guest-facts.awk $bdir/trace.csv)
cfacts=$(awk -f $lib $cdir/trace.csv; awk -f $here/guest-facts.awk $cdir/trace.csv)
bfact() { sed -n "s/^$1=//p" <<<"$bfacts"; }
cfact() { sed -n "s/^$1=//p" <<<"$cfacts"; }
bguests=$(sed -n 's/^guest *\([a-z0-9]*\) .*/\1/p' "$base")
cguests=$(sed -n 's/^guest *\([a-z0-9]*\) .*/\1/p' "$cont")
echo "# baseline: states $(bfact states); contention: states $(cfact states)"

for g in $bguests; do
	echo "# baseline $g: peak target $(bfact peak_target_$g), page reads $(bfact page_reads_$g), collections $(bfact collections_$g), run $(bfact run_ms_$g) ms, steal $(bfact steal_ms_$g) ms"
	check "baseline $g: balloon targets stay 0" [ "$(bfact peak_target_$g)" -eq 0 ]
	check "baseline $g: it pages a little inside" [ "$(bfact page_reads_$g)" -gt 0 ]
done
check "baseline: the state stays high" [ "$(bfact states)" = high ]

soft_then_hard() { case " $(cfact states) " in *" soft "*" hard "*) true ;; *) false ;; esac; }
check "contention: the state goes soft, then hard" soft_then_hard
check "contention: the state dips under low" grep -q ' low' <<<"$(cfact states)"
echo "# disk: busy peak $(cfact disk_busy_peak) %, ticks at 90 % or more $(cfact disk_busy_rows90)"
check "contention: the shared disk saturates (busy 90 % or more for 10 ticks)" \
	[ "$(cfact disk_busy_rows90)" -ge 10 ]
bnet=0 bcoll=0 breads=0
for g in $bguests; do
	bnet=$((bnet + $(bfact net_ms_$g)))
	bcoll=$((bcoll + $(bfact collections_$g)))
	breads=$((breads + $(bfact page_reads_$g)))
done
nb=$(wc -w <<<"$bguests")
for g in $cguests; do
	pt=$(cfact peak_target_$g) net=$(cfact net_ms_$g) coll=$(cfact collections_$g)
	echo "# contention $g: peak target $pt of $mem_pages pages, swapped out $(cfact swap_out_$g), waits $(cfact wait_rows_$g) rows," \
		"working set $(cfact ws_before_$g) -> $(cfact ws_ballooned_$g) pages," \
		"page reads/10 s $(cfact reads_rate_before_$g) -> $(cfact reads_rate_ballooned_$g), page reads $(cfact page_reads_$g)," \
		"collections $coll (baseline $((bcoll / nb))), run $(cfact run_ms_$g) ms, steal $(cfact steal_ms_$g) ms," \
		"run less steal $net ms (baseline $((bnet / nb)), ratio $(awk -v a="$net" -v b="$((bnet / nb))" 'BEGIN { printf "%.2f", a / b }'))"
	check "contention $g: the hypervisor swaps its pages" [ "$(cfact swap_out_$g)" -gt 0 ]
	check "contention $g: it waits (blocked or in io_wait)" [ "$(cfact wait_rows_$g)" -gt 0 ]
	check "contention $g: its peak target is half its memory, within 25 %" \
		[ $((8 * pt)) -ge $((3 * mem_pages)) -a $((8 * pt)) -le $((5 * mem_pages)) ]
	check "contention $g: its working set shrinks once the balloon inflates" \
		[ "$(cfact ws_ballooned_$g)" -lt "$(cfact ws_before_$g)" ]
	check "contention $g: its page reads rise once the balloon inflates" \
		[ "$(cfact reads_rate_ballooned_$g)" -gt "$(cfact reads_rate_before_$g)" ]
	check "contention $g: run time less steal is 1.5x the baseline's or more" \
		[ $((2 * net * nb)) -ge $((3 * bnet)) ]
	check "contention $g: collections within 30 % of the baseline's" \
		[ $((10 * coll * nb)) -ge $((7 * bcoll)) -a $((10 * coll * nb)) -le $((13 * bcoll)) ]
done

console=$bdir/console.log
for g in $bguests; do
	check "baseline $g: verifies its heap and passes" \
		passed_and_has "$g" "^\[$g\] heap verified: [0-9]+ pages, 0 mismatches$"
done
console=$cdir/console.log
for g in $cguests; do
	check "contention $g: verifies its heap and passes" \
		passed_and_has "$g" "^\[$g\] heap verified: [0-9]+ pages, 0 mismatches$"
done

bash tests/integration/sim-agree/check.sh
