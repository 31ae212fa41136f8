/*
 * How a run ends: the status the hypervisor prints in its verdict line
 * ("ballast: run ended: status 0", "ballast: run failed: status N"), which
 * every launcher (scripts/run-bochs.sh, run-qemu.sh, verdict.sh) and make
 * run exit with. Under QEMU the hypervisor also ends the emulator through
 * isa-debug-exit, so QEMU exits with (status << 1) | 1.
 */
#ifndef BALLAST_RUN_STATUS_H
#define BALLAST_RUN_STATUS_H

#define RUN_STATUS_OK 0
#define RUN_STATUS_GUEST_FAILED 1 /* a guest failed or was stopped */
#define RUN_STATUS_PANIC 2        /* the hypervisor found itself broken */
#define RUN_STATUS_NO_VIRT 3      /* the CPU has no usable VT-x */
#define RUN_STATUS_BAD_SCENARIO 4 /* the scenario was refused */

#endif
