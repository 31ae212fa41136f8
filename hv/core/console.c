/*
 * Console output on COM1. Every line the hypervisor prints goes through
 * printk; the run's verdict lines ("ballast: run ... status N", "PANIC")
 * are what launchers and tests read, since Bochs's own exit status says
 * nothing about how the run ended.
 */
#include "hv/core/console.h"

#include <stdarg.h>

#include "hv/arch/x86/power.h"
#include "hv/core/clock.h"
#include "hv/dev/serial.h"
#include "hv/lib/print.h"

void console_init(void)
{
	serial_init(SERIAL_COM1);
}

/* The UART's time per character depends on where its bit clock stands
 * when a line starts, which moves with anything the boot did (Bochs's
 * disk seeks, for one): the run's clock does not see console output, so
 * that printing cannot change what is traced. */
void console_write(const char *s, unsigned long n)
{
	uint64_t start = clock_cycles();

	serial_write(SERIAL_COM1, s, n);
	clock_charge(start, 0);
}

_Noreturn void console_stop(int status)
{
	serial_drain(SERIAL_COM1);
	machine_stop(status);
}

static void vprintk(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vformat(buf, sizeof(buf), fmt, ap);

	console_write(buf, n < (int)sizeof(buf) ? (unsigned long)n
						: sizeof(buf) - 1);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printk("PANIC at %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\nballast: run failed: status %d\n", RUN_STATUS_PANIC);
	console_stop(RUN_STATUS_PANIC);
}
