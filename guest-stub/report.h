/*
 * The one way a guest test says how it went (XTF's include/xtf/report.h):
 * a workload reports each failure as it finds it, with its reason, and
 * passes when it reported none; report_exit leaves with the most severe
 * result (include/ballast/result.h) as HC_EXIT's code, which the
 * hypervisor shows by name. Each report of a failure puts one line on the
 * console, "[guest] NAME: reason" (NAME: error, fail or crash).
 */
#ifndef GUEST_STUB_REPORT_H
#define GUEST_STUB_REPORT_H

#include <ballast/result.h>

/* The workload ran to its end: it passes unless it reported worse. */
void report_pass(void);
/* The hypervisor did something wrong (a check of the code under test). */
void report_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The test cannot work as it was set up (the test's own fault). */
void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An exception the guest did not expect: reports it and exits. */
_Noreturn void report_crash(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Leaves through HC_EXIT with the result; a workload that reported
 * nothing at all is an error of the test. */
_Noreturn void report_exit(void);

#endif
