#!/usr/bin/env bash
# run-tests: alone
# Linux under the SVM back end (make test-linux, after make linux-parts),
# on QEMU's TCG, which runs it about 3x faster than Bochs (linux-svm.scn):
# the kernel alone keeps the 8259, finds COM1 on IRQ 4, takes the PIT's
# IRQ 0, enables XSAVE's x87 and SSE state (its CR4 and XCR0 writes pass)
# and sleeps its rootdelay halted until its panic at the root mount; with
# the initramfs it reaches /init, loads virtio_balloon through the MMIO
# window (nested-page faults decoded from the guest's own page tables)
# and its workload verifies its data. Nothing of it is timed for Bochs,
# so no check is skipped here.
export KERNEL_PATH=build/linux MACHINE=qemu-svm
. "$(dirname "$0")/../lib/lib.sh"
start=$(date +%s)
BOCHS_TIMEOUT=600 boot linux-svm tests/integration/linux-svm/linux-svm.scn
echo "# linux-svm: $(($(date +%s) - start)) s of wall time"
check "run status 0" [ "$boot_status" -eq 0 ]
check "lx kept the 8259 (PIC-only mode)" has '^\[lx\] .*APIC: Keep in PIC mode\(8259\)'
check "lx's 8250 driver found COM1 on IRQ 4" has '^\[lx\] .*ttyS0 at I/O 0x3f8 \(irq = 4'
check "lx enabled XSAVE's x87 and SSE state" has "^\\[lx\\] .*x86/fpu: Enabled xstate features 0x3"
check "lx reached the root mount and panicked there: passed" \
	eval "has \"^ballast: guest 1 lx: its serial output says 'VFS: Unable to mount root fs': it passed$\" && passed lx"
irq_summary 1 lx
echo "# $irq_line"
check "lx took the PIT's IRQ 0" [ "${irq0:-0}" -gt 100 ]
check "lx's rootdelay was spent halted, off the CPU" [ "${irq_halted_ms:-0}" -ge 800 ]
check "l1 reached /init" has '^\[l1\] init: reached /init$'
check "l1 loaded virtio_balloon" has '^\[l1\] init: loaded virtio_balloon$'
check "l1's workload verified its data every round" \
	eval "has '^\\[l1\\] workload: round [0-9]+ ok MemTotal' && lacks '^\\[l1\\] workload: ERROR'"
check "l1's MMIO accesses were emulated" \
	in_summary 2 l1 '^  mmio: [1-9][0-9]* accesses emulated'
check "no guest was stopped" lacks '^ballast: guest [0-9]+ [a-z0-9]+ stopped'
