#!/usr/bin/env bash
# memtest86+ 6.10, unmodified, booted through the Linux boot protocol
# (memtest.scn) beside a stub whose heap over-commits the machine: the
# hypervisor swaps memtest's pages out at random in the hard and low
# states and reads them back when memtest touches them, and memtest's own
# tests #0-#2 (address walking ones, own address, own address + window)
# check every one. Zero errors is the verdict: memtest reports none, and
# the hypervisor ends it as passed when test #3 starts. A second run flips
# one bit of one page read back from swap, which memtest must report.
. "$(dirname "$0")/../lib/lib.sh"

start=$(date +%s)
boot memtest tests/integration/memtest/memtest.scn
echo "# memtest: $(($(date +%s) - start)) s of wall time"
check "run status 0" [ "$boot_status" -eq 0 ]
check "memtest86+ reached the 64-bit entry and painted its screen on COM1" \
	has '^\[mt\] +Memtest86\+ v6\.10 '
check "it found its 16 MiB through the e820 map" has '^\[mt\] Memory  : +16MB '
check "its TSC calibration against the PIT found the run's 10 MHz clock" \
	has '^\[mt\] CLK/Temp: +10MHz'
check "tests #0-#2 completed: test #3 started, which ended the guest as passed" \
	eval "has \"^ballast: guest 1 mt: its serial output says '#3  \\[Moving inversions': it passed$\" && passed mt"
check "memtest reported no error" \
	eval 'has "^\[mt\] .*Errors: 0\$" && lacks "^\[mt\] .*(Errors: [1-9]|Failed!|Error Address|Failing Address)"'
check "the stub beside it verified its heap" passed p1
facts=$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv")
fact() { sed -n "s/^$1=//p" <<<"$facts"; }
check "the machine went through the hard and low states" \
	eval 'grep -q " hard" <<<"$(fact states)" && grep -q " low" <<<"$(fact states)"'
check "memtest's pages were swapped out (trace)" [ "$(fact swap_out_mt)" -gt 0 ]
check "and read back in when it touched them (trace)" [ "$(fact swap_in_mt)" -gt 0 ]
check "the summary counts its swapping, without an error" \
	in_summary 1 mt '^  swap: out [1-9][0-9]*, in [1-9][0-9]*, errors 0;'
check "free + hypervisor + granted pages = total on every tick" [ "$(fact bad_ticks)" -eq 0 ]
check "its devices answered: the summary counts its serial bytes" \
	in_summary 1 mt '^  devices: serial [1-9][0-9]* bytes'

# The oracle catches a bad swap-in: one bit flipped in the 40th page read
# back (swap corrupt-read=40) is an error memtest reports.
boot memtest-corrupt tests/integration/memtest/memtest-corrupt.scn
check "a flipped bit: run status 1 (memtest failed, nothing else)" [ "$boot_status" -eq 1 ]
check "a flipped bit: memtest reports the failing address" has '^\[mt\] pCPU  Pass  Test  Failing Address'
check "a flipped bit: the hypervisor ends it as failed" \
	eval "has \"^ballast: guest 1 mt: its serial output says 'Failing Address': it failed$\" && [ \"\$(result mt)\" = fail ]"
check "a flipped bit: the stub, never swapped, passes" passed p1
