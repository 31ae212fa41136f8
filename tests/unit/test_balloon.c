/*
 * Unit tests of the balloon list checks and their effect on a guest's p2m
 * (hv/mm/balloon.c, hv/mm/p2m.c), on an arena standing for machine memory.
 */
#include "hv/mm/balloon.h"
#include "tests/unit/check.h"
#include "tests/unit/guest_fixture.h"

#include <string.h>

#define ARENA_PAGES 512
#define GUEST_PAGES 256

static struct pmem pm;
static struct p2m g;
static uint64_t scratch[HC_BALLOON_BATCH_MAX];

static void setup(void)
{
	fixture_setup(&pm, &g, ARENA_PAGES, GUEST_PAGES);
}

static void teardown(void)
{
	fixture_teardown(&pm, &g);
}

static void touch(gfn_t gfn)
{
	CHECK(p2m_fault(&g, gfn << PAGE_SHIFT) == ST_OK);
}

static int check(enum balloon_op op, const uint64_t *l, unsigned n)
{
	return balloon_check(&g, op, l, n, scratch);
}

static void test_inflate_frees_mapped_pages(void)
{
	uint64_t list[] = { 3, 4, 200 };
	uint64_t free_before;

	setup();
	touch(3);
	touch(4);
	free_before = pmem_count(&pm, PMEM_FREE);
	CHECK(check(BALLOON_INFLATE, list, 3) == 0);
	CHECK(balloon_apply(&g, BALLOON_INFLATE, list, 3) == 2);
	CHECK(pmem_count(&pm, PMEM_FREE) == free_before + 2);
	CHECK(g.mapped_pages == 0 && g.ballooned_pages == 3);
	CHECK(p2m_state_of(&g, 3) == P2M_BALLOONED);
	CHECK(p2m_state_of(&g, 200) == P2M_BALLOONED);
	teardown();
}

static void test_touching_a_ballooned_page_is_denied(void)
{
	uint64_t list[] = { 7 };

	setup();
	touch(7);
	CHECK(balloon_apply(&g, BALLOON_INFLATE, list, 1) == 1);
	CHECK(p2m_fault(&g, 7 << PAGE_SHIFT) == ST_DENIED);
	CHECK(g.mapped_pages == 0);
	teardown();
}

static void test_deflate_makes_pages_untouched(void)
{
	uint64_t list[] = { 9, 10 };
	char buf[8];

	setup();
	CHECK(balloon_apply(&g, BALLOON_INFLATE, list, 2) == 0);
	CHECK(check(BALLOON_DEFLATE, list, 2) == 0);
	CHECK(balloon_apply(&g, BALLOON_DEFLATE, list, 2) == 0);
	CHECK(g.ballooned_pages == 0);
	CHECK(p2m_state_of(&g, 9) == P2M_UNTOUCHED);
	touch(9);
	CHECK(p2m_read(&g, 9 << PAGE_SHIFT, buf, sizeof(buf)) == ST_OK);
	CHECK(buf[0] == 0 && buf[7] == 0);
	teardown();
}

static void test_bad_entries_refused_whole(void)
{
	uint64_t out_of_range[] = { 1, GUEST_PAGES };
	uint64_t huge[] = { ~0ull };
	uint64_t dup[] = { 5, 6, 7, 6 };
	uint64_t again[] = { 8 };
	uint64_t mixed[] = { 11, 8 };

	setup();
	touch(1);
	CHECK(check(BALLOON_INFLATE, out_of_range, 2) == HC_E_RANGE);
	CHECK(check(BALLOON_INFLATE, huge, 1) == HC_E_RANGE);
	CHECK(check(BALLOON_INFLATE, dup, 4) == HC_E_DUPLICATE);
	CHECK(balloon_apply(&g, BALLOON_INFLATE, again, 1) == 0);
	CHECK(check(BALLOON_INFLATE, again, 1) == HC_E_BALLOONED);
	CHECK(check(BALLOON_DEFLATE, mixed, 2) == HC_E_NOT_BALLOONED);
	/* nothing changed: page 1 still mapped, 11 untouched, 8 ballooned */
	CHECK(p2m_state_of(&g, 1) == P2M_MAPPED);
	CHECK(p2m_state_of(&g, 11) == P2M_UNTOUCHED);
	CHECK(g.ballooned_pages == 1 && g.mapped_pages == 1);
	teardown();
}

static void test_full_batch_with_late_duplicate(void)
{
	static uint64_t list[HC_BALLOON_BATCH_MAX];

	setup();
	for (unsigned i = 0; i < HC_BALLOON_BATCH_MAX; i++)
		list[i] = (i * 37) % GUEST_PAGES; /* 256 distinct, then repeats */
	CHECK(check(BALLOON_INFLATE, list, GUEST_PAGES) == 0);
	CHECK(check(BALLOON_INFLATE, list, GUEST_PAGES + 1) == HC_E_DUPLICATE);
	CHECK(balloon_apply(&g, BALLOON_INFLATE, list, GUEST_PAGES) == 0);
	CHECK(g.ballooned_pages == GUEST_PAGES);
	teardown();
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "inflate frees the machine pages of mapped pages", test_inflate_frees_mapped_pages },
		{ "touching a ballooned page is denied", test_touching_a_ballooned_page_is_denied },
		{ "deflate makes pages untouched, zeroed on touch", test_deflate_makes_pages_untouched },
		{ "bad entries refuse the whole list, nothing changes", test_bad_entries_refused_whole },
		{ "a full batch; a duplicate at its end", test_full_batch_with_late_duplicate },
	};
	int rc = CHECK_RUN("balloon", tests);

	fixture_free();
	return rc;
}
