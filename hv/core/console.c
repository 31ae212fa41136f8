/*
 * Console output on COM1, printk's sink. Every line the hypervisor prints
 * goes through printk (hv/lib/printk.c); the run's verdict lines
 * ("ballast: run ... status N", "PANIC") are what launchers and tests
 * read, since Bochs's own exit status says nothing about how the run
 * ended.
 */
#include "hv/core/console.h"

#include "hv/arch/x86/power.h"
#include "hv/core/clock.h"
#include "hv/dev/serial.h"

static const struct printk_sink console_sink = {
	.write = console_write,
	.stop = console_stop,
};

void console_init(void)
{
	serial_init(SERIAL_COM1);
	printk_register(&console_sink);
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
