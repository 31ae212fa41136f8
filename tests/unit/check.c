/* Runs unit tests and prints one line per test for scripts/run-tests.sh. */
#include "tests/unit/check.h"

#include <stdio.h>

static int failed_checks;

void check_expr(bool ok, const char *expr, const char *file, int line)
{
	if (ok)
		return;
	failed_checks++;
	printf("#   %s:%d: check failed: %s\n", file, line, expr);
}

int check_main(const char *suite, const struct unit_test *tests, size_t n)
{
	int failures = 0;

	for (size_t i = 0; i < n; i++) {
		int before = failed_checks;

		tests[i].fn();
		if (failed_checks == before) {
			printf("ok - %s: %s\n", suite, tests[i].name);
		} else {
			printf("not ok - %s: %s\n", suite, tests[i].name);
			failures++;
		}
	}
	fflush(stdout);
	return failures ? 1 : 0;
}
