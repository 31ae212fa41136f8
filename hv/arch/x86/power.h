/* Ending the run: stop the machine, and the emulator with it. */
#ifndef HV_ARCH_X86_POWER_H
#define HV_ARCH_X86_POWER_H

#include <ballast/run_status.h>

_Noreturn void machine_stop(int status);

#endif
