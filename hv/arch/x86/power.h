/* Ending the run: stop the machine, and the emulator with it. */
#ifndef HV_ARCH_X86_POWER_H
#define HV_ARCH_X86_POWER_H

/* Run statuses, also QEMU's exit status as (status << 1) | 1. */
#define RUN_STATUS_OK 0
#define RUN_STATUS_GUEST_FAILED 1
#define RUN_STATUS_PANIC 2
#define RUN_STATUS_NO_VMX 3
#define RUN_STATUS_BAD_SCENARIO 4

_Noreturn void machine_stop(int status);

#endif
