#!/usr/bin/env bash
# The SVM back end on Bochs's AMD model (cpu: model=ryzen: SVM, nested
# paging, NRIPS, 32768 ASIDs), over the existing tests whose claims need
# Bochs: its runs are deterministic (balloon: the same trace twice, byte
# for byte) and timed as the scenarios were tuned (irq-stack: balloon
# interrupts while the guest waits on fresh stack pages, each delivery a
# nested page fault and a reinjection from EXITINTINFO), plus the kernel
# guests' paths (memtest: memtest86+ through the Linux boot protocol, its
# GDT, CR0 writes, MSRs and TSC offset; mmio-hostile: MMIO emulation by
# vcpu_paging and vcpu_advance), about 40 s together alone. The faster
# cases run under QEMU (tests/integration/svm-qemu); VMX and SVM traces
# are compared in tests/integration/svm-trace.
. "$(dirname "$0")/../lib/lib.sh"

run_on bochs-svm irq-stack balloon memtest mmio-hostile
