#!/usr/bin/env bash
# run-tests: alone
# A kernel guest's interrupts (make test-linux, after make linux-parts):
# Debian's kernel alone, in PIC-only mode (linux-irq.scn), calibrates
# against the PIT, takes its clock event's IRQ 0 through the 8259, finds
# COM1 on IRQ 4, sleeps a second (rootdelay=1) halted until its next
# interrupt, then panics for
# want of a root file system, which ends it as passed. The same scenario
# run twice gives the same trace, byte for byte: the interrupts come by
# the guest's own clock, and Ballast's CPUID hides RDRAND and RDSEED
# (linux-irq.scn).
. "$(dirname "$0")/../lib/lib.sh"

export KERNEL_PATH=build/linux
# about 95 s emulated, 3 minutes of Bochs alone: room for a loaded machine
export BOCHS_TIMEOUT=${BOCHS_TIMEOUT:-600}
scn=tests/integration/linux-irq/linux-irq.scn
start=$(date +%s)
boot linux-irq "$scn" none
echo "# linux-irq: $(($(date +%s) - start)) s of wall time"
check "run status 0" [ "$boot_status" -eq 0 ]
check "Linux kept the 8259 (PIC-only mode)" has '^\[lx\] .*APIC: Keep in PIC mode\(8259\)'
check "its 16 legacy interrupts are the 8259's" has '^\[lx\] .*NR_IRQS: [0-9]+, nr_irqs: [0-9]+, preallocated irqs: 16'
check "it got through timer calibration" has '^\[lx\] .*Calibrating delay loop'
check "its 8250 driver found COM1 on IRQ 4" has '^\[lx\] .*ttyS0 at I/O 0x3f8 \(irq = 4'
check "the CMOS clock's fixed date set the system clock" has '^\[lx\] .*2026-01-01T12:00:0[0-9]'
check "it reached the root mount and panicked there: passed" \
	eval "has \"^ballast: guest 1 lx: its serial output says 'VFS: Unable to mount root fs': it passed$\" && passed lx"
irq_summary 1 lx
echo "# $irq_line"
check "the PIT raised IRQ 0 (its clock event ticked)" [ "${irq_edges:-0}" -gt 100 ]
check "IRQ 0's vector was injected, an edge at a time" \
	eval '[ "${irq0:-0}" -gt 100 ] && [ "${irq0:-0}" -le "${irq_edges:-0}" ]'
check "it idled in HLT until its next interrupt" [ "${irq_halts:-0}" -gt 10 ]
check "rootdelay's second was spent halted, off the CPU" [ "${irq_halted_ms:-0}" -ge 900 ]
check "no guest was stopped" lacks '^ballast: guest .* stopped'
cp "$out/trace.csv" "$out/trace-1.csv"
cp "$console" "$out/console-1.log"

boot linux-irq "$scn" none
check "a second run: run status 0" [ "$boot_status" -eq 0 ]
check "the same scenario gives the same trace, byte for byte" cmp -s "$out/trace-1.csv" "$out/trace.csv"
check "and the same serial log" \
	cmp -s <(grep '^\[lx\]' "$out/console-1.log") <(grep '^\[lx\]' "$console")
