/* printk and panic over the registered sink (see printk.h). */
#include "hv/lib/printk.h"

#include <ballast/run_status.h>
#include <stdarg.h>

#include "hv/lib/print.h"

static const struct printk_sink *sink;

void printk_register(const struct printk_sink *s)
{
	sink = s;
}

static void vprintk(const char *fmt, va_list ap)
{
	char buf[256];
	int n;

	if (!sink)
		return;
	n = vformat(buf, sizeof(buf), fmt, ap);
	sink->write(buf, n < (int)sizeof(buf) ? (unsigned long)n
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
	if (sink)
		sink->stop(RUN_STATUS_PANIC);
	for (;;)
		;
}
