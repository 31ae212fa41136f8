/*
 * A guest's result: the code it leaves with through HC_EXIT, after XTF's
 * include/xtf/report.h. It separates "the test is broken" (error) from
 * "the code under test is broken" (fail). The hypervisor's console and
 * summary show it by name ("guest 1 g1: exited: pass"), which is what the
 * integration tests read; a run's status is 0 only when every guest that
 * ended passed. The values are ordered by severity: a guest that reports
 * several keeps the most severe.
 */
#ifndef BALLAST_RESULT_H
#define BALLAST_RESULT_H

#include <stdint.h>

enum guest_result {
	GUEST_PASS = 0,  /* every check held (a workload without checks ran) */
	GUEST_ERROR = 1, /* the test itself cannot work as it was set up */
	GUEST_FAIL = 2,  /* a check found the hypervisor wrong */
	GUEST_CRASH = 3, /* an exception the guest did not expect */
	GUEST_RESULT_COUNT = 4,
};

/* The result's name, or 0 for a code that names none (a guest may exit
 * with any value). */
static inline const char *guest_result_name(int64_t code)
{
	static const char *const names[GUEST_RESULT_COUNT] = {
		[GUEST_PASS] = "pass",
		[GUEST_ERROR] = "error",
		[GUEST_FAIL] = "fail",
		[GUEST_CRASH] = "crash",
	};

	return code >= 0 && code < GUEST_RESULT_COUNT ? names[code] : 0;
}

#endif
