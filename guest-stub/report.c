/* The guest's result (see report.h). */
#include "guest-stub/report.h"

#include <ballast/hypercall.h>
#include <stdarg.h>
#include <stdbool.h>

#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "hv/lib/print.h"

static enum guest_result result;
static bool reported;

static void set_result(enum guest_result r)
{
	reported = true;
	if (r > result)
		result = r;
}

/* "NAME: reason" as one console write, so the line stays whole. */
static void vreport(enum guest_result r, const char *fmt, va_list ap)
{
	char buf[HC_CONSOLE_MAX];
	int n = format(buf, sizeof(buf), "%s: ", guest_result_name(r));

	vformat(buf + n, sizeof(buf) - n, fmt, ap);
	gprintf("%s\n", buf);
	set_result(r);
}

void report_pass(void)
{
	set_result(GUEST_PASS);
}

void report_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(GUEST_FAIL, fmt, ap);
	va_end(ap);
}

void report_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(GUEST_ERROR, fmt, ap);
	va_end(ap);
}

_Noreturn void report_crash(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(GUEST_CRASH, fmt, ap);
	va_end(ap);
	report_exit();
}

_Noreturn void report_exit(void)
{
	if (!reported)
		report_error("the workload reported no result");
	hypercall(HC_EXIT, result, 0, 0, 0);
	for (;;)
		__asm__ volatile("cli; hlt");
}
