/*
 * Host tests of the hypercall table (hv/core/hypercall.c) against a stub
 * vCPU: each number's arguments checked and its answer, numbers with no
 * handler, calls from user mode, buffers and lists at the edges of the
 * guest's memory, buffers the hypervisor swapped out, and the counts
 * (errors, balloon pages, waits) the summary reports.
 */
#include "hv/core/exit.h"
#include "tests/unit/check.h"
#include "tests/unit/core_fixture.h"

#include <ballast/hypercall.h>
#include <string.h>

#define G (&core_guest)
#define R (&core_guest.vcpu.regs)
#define MEM_END ((gpa_t)CORE_GUEST_PAGES * PAGE_SIZE)
#define LIST_GPA ((gpa_t)(core_free_gfn + 8) * PAGE_SIZE)
#define REGION1 512     /* the first gfn of the second 2 MiB region */

static enum exit_action call(uint64_t nr, uint64_t rbx, uint64_t rcx)
{
	R->rax = nr;
	R->rbx = rbx;
	R->rcx = rcx;
	return handle_hypercall(G);
}

/* A call that was answered with status and went on past its VMCALL. */
static bool answered(enum exit_action a, int64_t status)
{
	return a == EXIT_ACTION_RESUME && (int64_t)R->rax == status &&
	       stub_log.skips > 0;
}

static void put(gpa_t gpa, const void *data, size_t len)
{
	CHECK(p2m_write(&G->p2m, gpa, data, len) == ST_OK);
}

static void test_hello(void)
{
	core_setup();
	CHECK(answered(call(HC_HELLO, BALLAST_ABI_VERSION, 0), 0));
	CHECK(R->rbx == BALLAST_ABI_VERSION && R->rcx == 1);
	CHECK(G->hypercall_errors == 0);
	CHECK(answered(call(HC_HELLO, BALLAST_ABI_VERSION + 1, 0), HC_E_VERSION));
	CHECK(G->hypercall_errors == 1 && stub_log.skips == 2);
	core_teardown();
}

static void test_console_write(void)
{
	static const char text[] = "hi\tthere\x1b[2J\nballast: forged";

	core_setup();
	put(LIST_GPA, text, sizeof(text) - 1);
	stub_console_clear();
	CHECK(answered(call(HC_CONSOLE_WRITE, LIST_GPA, sizeof(text) - 1), 0));
	CHECK(strcmp(stub_log.console, "[g] hi?there?[2J\n[g] ballast: forged\n") == 0);
	stub_console_clear();
	CHECK(answered(call(HC_CONSOLE_WRITE, LIST_GPA, 0), 0));
	CHECK(stub_log.console_len == 0);
	CHECK(answered(call(HC_CONSOLE_WRITE, LIST_GPA, HC_CONSOLE_MAX + 1), HC_E_INVAL));
	CHECK(answered(call(HC_CONSOLE_WRITE, LIST_GPA, HC_CONSOLE_MAX), 0));
	CHECK(G->hypercall_errors == 1);
	core_teardown();
}

/* A buffer may end at the guest's last byte, not one past it; it must be
 * in pages the guest wrote. */
static void test_console_edges(void)
{
	gfn_t untouched = core_free_gfn + 20, ballooned = core_free_gfn + 21;
	slot_t slot;

	core_setup();
	put(MEM_END - 4, "edge", 4);
	CHECK(answered(call(HC_CONSOLE_WRITE, MEM_END - 4, 4), 0));
	CHECK(stub_console_has("[g] edge\n"));
	CHECK(answered(call(HC_CONSOLE_WRITE, MEM_END - 2, 4), HC_E_FAULT));
	CHECK(answered(call(HC_CONSOLE_WRITE, MEM_END, 1), HC_E_FAULT));
	CHECK(answered(call(HC_CONSOLE_WRITE, ~0ull - 1, 4), HC_E_FAULT));
	CHECK(answered(call(HC_CONSOLE_WRITE, untouched * PAGE_SIZE, 4), HC_E_FAULT));
	CHECK(p2m_prepare(&G->p2m, ballooned) == ST_OK);
	CHECK(p2m_balloon(&G->p2m, ballooned, &slot) == P2M_UNTOUCHED);
	CHECK(answered(call(HC_CONSOLE_WRITE, ballooned * PAGE_SIZE, 4), HC_E_FAULT));
	CHECK(G->hypercall_errors == 5 && G->state == GUEST_RUNNABLE);
	core_teardown();
}

static void test_yield_and_exit(void)
{
	core_setup();
	CHECK(call(HC_YIELD, 0, 0) == EXIT_ACTION_YIELD);
	CHECK(R->rax == 0 && stub_log.skips == 1);
	CHECK(call(HC_EXIT, 5, 0) == EXIT_ACTION_ENDED);
	CHECK(G->state == GUEST_EXITED && G->exit_code == 5);
	CHECK(stub_console_has("ballast: guest 1 g exited: code 5\n")); /* names no result */
	CHECK(stub_log.skips == 1); /* an ended guest has no VMCS left */
	CHECK(pmem_count(&core_pmem, PMEM_GUEST) == 0);
	core_teardown();
}

static void test_unknown_numbers(void)
{
	static const uint64_t bad[] = { HC_COUNT, 1000, 1ull << 32, ~0ull };

	core_setup();
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(answered(call(bad[i], 0, 0), HC_E_UNKNOWN));
	CHECK(G->hypercall_errors == 4 && stub_log.skips == 4);
	core_teardown();
}

/* From user mode every number is refused, and nothing happens. */
static void test_user_mode(void)
{
	core_setup();
	for (unsigned cpl = 1; cpl <= 3; cpl++) {
		stub_log.cpl = cpl;
		CHECK(answered(call(HC_EXIT, 0, 0), HC_E_PRIVILEGE));
		CHECK(answered(call(HC_BALLOON_TARGET, 7, 0), HC_E_PRIVILEGE));
		CHECK(answered(call(~0ull, 0, 0), HC_E_PRIVILEGE));
	}
	CHECK(G->state == GUEST_RUNNABLE && !G->balloon_driver);
	CHECK(R->rbx == 0 && G->hypercall_errors == 9);
	stub_log.cpl = 0;
	CHECK(call(HC_YIELD, 0, 0) == EXIT_ACTION_YIELD && R->rax == 0);
	core_teardown();
}

static void put_list(const uint64_t *gfns, unsigned n)
{
	put(LIST_GPA, gfns, n * sizeof(*gfns));
}

static void test_balloon_target(void)
{
	core_setup();
	G->balloon_target = 77;
	CHECK(answered(call(HC_BALLOON_TARGET, 0, 0), 0));
	CHECK(R->rbx == 77 && G->balloon_driver);
	core_teardown();
}

/* Refusals before the list is looked at, and of what is in it: nothing
 * changes, RBX stays. */
static void test_inflate_refusals(void)
{
	uint64_t l[4] = { REGION1, REGION1 + 1, REGION1 + 2, REGION1 + 3 };

	core_setup();
	put_list(l, 4);
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 4), HC_E_NO_DRIVER));
	CHECK(answered(call(HC_BALLOON_TARGET, 0, 0), 0));
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 0), HC_E_COUNT));
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, HC_BALLOON_LIST_MAX + 1), HC_E_COUNT));
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA + 8, 4), HC_E_ALIGN));
	CHECK(answered(call(HC_BALLOON_INFLATE, MEM_END, 1), HC_E_FAULT));
	/* The last page holds 512 entries: one more runs past the end. */
	CHECK(answered(call(HC_BALLOON_INFLATE, MEM_END - PAGE_SIZE, 513), HC_E_FAULT));
	l[3] = CORE_GUEST_PAGES;
	put_list(l, 4);
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 4), HC_E_RANGE));
	l[3] = l[0];
	put_list(l, 4);
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 4), HC_E_DUPLICATE));
	CHECK(R->rbx == LIST_GPA);
	CHECK(G->p2m.ballooned_pages == 0 && G->pages_inflated == 0);
	CHECK(G->balloon_calls == 0 && G->hypercall_errors == 8);
	core_teardown();
}

static void test_inflate_and_deflate(void)
{
	gfn_t mapped = core_free_gfn + 30, swapped = core_free_gfn + 31;
	uint64_t l[4] = { REGION1 + 5, mapped, swapped, REGION1 + 9 };
	uint64_t flushes;

	core_setup();
	core_touch(mapped);
	core_touch(swapped);
	core_swap_out(swapped);
	put_list(l, 4);
	CHECK(answered(call(HC_BALLOON_TARGET, 0, 0), 0));
	G->balloon_target = 40;
	flushes = stub_log.flushes;
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 4), 4));
	CHECK(R->rbx == 40 && G->pages_inflated == 4 && G->balloon_calls == 1);
	for (unsigned i = 0; i < 4; i++)
		CHECK(p2m_state_of(&G->p2m, l[i]) == P2M_BALLOONED);
	CHECK(core_swap.used == 0);                /* the slot was dropped */
	CHECK(stub_log.flushes == flushes + 1);    /* one for the batch */
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 4), HC_E_BALLOONED));
	CHECK(answered(call(HC_BALLOON_DEFLATE, LIST_GPA, 3), 3));
	CHECK(G->pages_deflated == 3 && G->balloon_calls == 2);
	CHECK(p2m_state_of(&G->p2m, mapped) == P2M_UNTOUCHED);
	CHECK(answered(call(HC_BALLOON_DEFLATE, LIST_GPA, 4), HC_E_NOT_BALLOONED));
	CHECK(G->p2m.ballooned_pages == 1 && G->hypercall_errors == 2);
	core_teardown();
}

/* A list over several pages, checked whole. */
static void test_long_list(void)
{
	static uint64_t l[600];

	core_setup();
	for (unsigned i = 0; i < 600; i++)
		l[i] = CORE_GUEST_PAGES - 1 - i;
	put_list(l, 600);
	CHECK(answered(call(HC_BALLOON_TARGET, 0, 0), 0));
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 600), 600));
	CHECK(G->p2m.ballooned_pages == 600);
	CHECK(answered(call(HC_BALLOON_DEFLATE, LIST_GPA, 600), 600));
	CHECK(G->p2m.ballooned_pages == 0);
	core_teardown();
}

/* No page for the tables a list needs, or the guest at its table limit:
 * the list is refused whole, retryable or not, with the target in RBX. */
static void test_inflate_tables(void)
{
	uint64_t l[2] = { REGION1 + 1, REGION1 + 2 };

	core_setup();
	put_list(l, 2);
	CHECK(answered(call(HC_BALLOON_TARGET, 0, 0), 0));
	G->balloon_target = 9;
	core_exhaust();
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 2), HC_E_AGAIN));
	CHECK(R->rbx == 9 && G->p2m.ballooned_pages == 0);
	core_give_back();
	G->p2m.s2.table_limit = G->p2m.s2.table_pages;
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 2), HC_E_LIMIT));
	CHECK(R->rbx == 9 && G->p2m.ballooned_pages == 0);
	G->p2m.s2.table_limit = G->p2m.s2.table_pages + 1;
	CHECK(answered(call(HC_BALLOON_INFLATE, LIST_GPA, 2), 2));
	core_teardown();
}

static void test_report_stats(void)
{
	struct balloon_stat st[3] = {
		{ .tag = BALLOON_S_AVAIL, .val = 11 },
		{ .tag = 0x7777, .val = 99 },             /* unknown: ignored */
		{ .tag = BALLOON_S_WORKING_SET, .val = 22 },
	};

	core_setup();
	put(LIST_GPA, st, sizeof(st));
	CHECK(answered(call(HC_REPORT_STATS, LIST_GPA, 3), 0));
	CHECK(G->stats.avail == 11 && G->stats.working_set == 22);
	CHECK(G->stats.free == 0 && G->stats.total == 0);
	CHECK(answered(call(HC_REPORT_STATS, LIST_GPA, 0), HC_E_COUNT));
	CHECK(answered(call(HC_REPORT_STATS, LIST_GPA, HC_STATS_MAX + 1), HC_E_COUNT));
	CHECK(answered(call(HC_REPORT_STATS, MEM_END - 16, 2), HC_E_FAULT));
	CHECK(G->hypercall_errors == 3);
	core_teardown();
}

/* A buffer page the hypervisor swapped out is read back first, or the
 * call waits on its VMCALL with its registers untouched. */
static void test_swapped_buffer(void)
{
	gfn_t gfn = LIST_GPA / PAGE_SIZE;

	core_setup();
	put(LIST_GPA, "back", 4);
	core_swap_out(gfn);
	stub_log.must_block = true;
	CHECK(call(HC_CONSOLE_WRITE, LIST_GPA, 4) == EXIT_ACTION_YIELD);
	CHECK(G->hypercall_retry && G->hypercall_waits == 1 && G->blocked);
	CHECK(R->rax == HC_CONSOLE_WRITE && stub_log.skips == 0);
	stub_log.must_block = false;
	core_swap.fail_read_at = core_swap.read_tries + 1;
	CHECK(call(HC_CONSOLE_WRITE, LIST_GPA, 4) == EXIT_ACTION_YIELD);
	CHECK(G->hypercall_waits == 2 && G->read_failures == 1);
	CHECK(call(HC_CONSOLE_WRITE, LIST_GPA, 4) == EXIT_ACTION_RESUME);
	CHECK(R->rax == 0 && stub_log.skips == 1 && !G->hypercall_retry);
	CHECK(stub_console_has("[g] back\n") && G->hypercall_swap_ins == 1);
	CHECK(G->hypercall_errors == 0);
	core_teardown();
}

static void test_swapped_buffer_lost(void)
{
	gfn_t gfn = LIST_GPA / PAGE_SIZE;

	core_setup();
	put(LIST_GPA, "lost", 4);
	core_swap_out(gfn);
	for (unsigned i = 0; i < 2; i++) {
		core_swap.fail_read_at = core_swap.read_tries + 1;
		CHECK(call(HC_CONSOLE_WRITE, LIST_GPA, 4) == EXIT_ACTION_YIELD);
	}
	core_swap.fail_read_at = core_swap.read_tries + 1;
	CHECK(call(HC_CONSOLE_WRITE, LIST_GPA, 4) == EXIT_ACTION_ENDED);
	CHECK(G->state == GUEST_STOPPED && stub_log.skips == 0);
	CHECK(stub_console_has("failed 3 times in a row"));
	core_teardown();
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "HC_HELLO: versions", test_hello },
		{ "HC_CONSOLE_WRITE: lines behind the name, nothing unprintable", test_console_write },
		{ "HC_CONSOLE_WRITE: buffers at the edges", test_console_edges },
		{ "HC_YIELD and HC_EXIT", test_yield_and_exit },
		{ "numbers with no handler are refused", test_unknown_numbers },
		{ "calls from user mode are refused", test_user_mode },
		{ "HC_BALLOON_TARGET", test_balloon_target },
		{ "HC_BALLOON_INFLATE: refusals change nothing", test_inflate_refusals },
		{ "HC_BALLOON_INFLATE and DEFLATE: pages, slots, counts", test_inflate_and_deflate },
		{ "a balloon list over several pages", test_long_list },
		{ "no page or no room for tables: refused whole", test_inflate_tables },
		{ "HC_REPORT_STATS", test_report_stats },
		{ "a swapped buffer is read back, or the call waits", test_swapped_buffer },
		{ "a swapped buffer that cannot be read stops the guest", test_swapped_buffer_lost },
	};
	int rc = CHECK_RUN("hypercall", tests);

	core_free();
	return rc;
}
