/*
 * The hypervisor console (COM1): the sink of printk and panic
 * (hv/lib/printk.h, included here for the core's files), and the stop
 * that waits for its last byte.
 */
#ifndef HV_CORE_CONSOLE_H
#define HV_CORE_CONSOLE_H

#include "hv/lib/printk.h"

/* Opens COM1 and registers it as printk's sink. */
void console_init(void);
void console_write(const char *s, unsigned long n);
/* Stops the machine once the console's last byte is on the line. */
_Noreturn void console_stop(int status);

#endif
