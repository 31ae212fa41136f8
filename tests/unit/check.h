/*
 * The host unit tests' one reporting API. A test is a function; CHECK
 * records a failed expression with file:line and lets the test go on, so one
 * run shows every broken check. check_main prints one TAP-like line per test
 * ("ok - name" or "not ok - name"), which scripts/run-tests.sh counts.
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdbool.h>
#include <stddef.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

#define CHECK(cond) check_expr((cond), #cond, __FILE__, __LINE__)

void check_expr(bool ok, const char *expr, const char *file, int line);
int check_main(const char *suite, const struct unit_test *tests, size_t n);

#define CHECK_RUN(suite, tests) \
	check_main((suite), (tests), sizeof(tests) / sizeof((tests)[0]))

#endif
