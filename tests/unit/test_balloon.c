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
static uint64_t sorted[HC_BALLOON_LIST_MAX];

/* What the discard callback was given: swapped pages an inflate took. */
static struct {
	gfn_t gfn[4];
	slot_t slot[4];
	unsigned n;
} discarded;

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

static struct balloon_list list_of(enum balloon_op op, const uint64_t *l,
				   unsigned n)
{
	return (struct balloon_list){ op, l, sorted, n };
}

static int check(enum balloon_op op, const uint64_t *l, unsigned n)
{
	struct balloon_list bl = list_of(op, l, n);

	return balloon_check(&g, &bl);
}

static void discard(void *ctx, gfn_t gfn, slot_t slot)
{
	CHECK(ctx == &discarded);
	if (discarded.n < 4) {
		discarded.gfn[discarded.n] = gfn;
		discarded.slot[discarded.n] = slot;
	}
	discarded.n++;
}

/* A list through all three steps, as the hypercall runs them: the check
 * must pass; returns prepare's refusal or what apply returned. */
static int send(enum balloon_op op, const uint64_t *l, unsigned n)
{
	struct balloon_list bl = list_of(op, l, n);
	int st;

	CHECK(balloon_check(&g, &bl) == 0);
	st = balloon_prepare(&g, &bl);
	if (st != ST_OK)
		return st;
	return balloon_apply(&g, &bl, discard, &discarded);
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
	CHECK(send(BALLOON_INFLATE, list, 3) == 2);
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
	CHECK(send(BALLOON_INFLATE, list, 1) == 1);
	CHECK(p2m_fault(&g, 7 << PAGE_SHIFT) == ST_DENIED);
	CHECK(g.mapped_pages == 0);
	teardown();
}

static void test_deflate_makes_pages_untouched(void)
{
	uint64_t list[] = { 9, 10 };
	char buf[8];

	setup();
	touch(8); /* keeps the leaf table: the deflate frees no table */
	CHECK(send(BALLOON_INFLATE, list, 2) == 0);
	CHECK(check(BALLOON_DEFLATE, list, 2) == 0);
	CHECK(send(BALLOON_DEFLATE, list, 2) == 0);
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
	uint64_t dup_in_order[] = { 5, 6, 6, 7 };
	uint64_t again[] = { 8 };
	uint64_t mixed[] = { 11, 8 };

	setup();
	touch(1);
	CHECK(check(BALLOON_INFLATE, out_of_range, 2) == HC_E_RANGE);
	CHECK(check(BALLOON_INFLATE, huge, 1) == HC_E_RANGE);
	CHECK(check(BALLOON_INFLATE, dup, 4) == HC_E_DUPLICATE);
	CHECK(check(BALLOON_INFLATE, dup_in_order, 4) == HC_E_DUPLICATE);
	CHECK(send(BALLOON_INFLATE, again, 1) == 0);
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
	static uint64_t list[HC_BALLOON_LIST_MAX];

	setup();
	for (unsigned i = 0; i < HC_BALLOON_LIST_MAX; i++)
		list[i] = (i * 37) % GUEST_PAGES; /* 256 distinct, then repeats */
	CHECK(check(BALLOON_INFLATE, list, GUEST_PAGES) == 0);
	CHECK(check(BALLOON_INFLATE, list, GUEST_PAGES + 1) == HC_E_DUPLICATE);
	CHECK(check(BALLOON_INFLATE, list, HC_BALLOON_LIST_MAX) == HC_E_DUPLICATE);
	CHECK(send(BALLOON_INFLATE, list, GUEST_PAGES) == 0);
	CHECK(g.ballooned_pages == GUEST_PAGES);
	teardown();
}

/* A list of HC_BALLOON_LIST_MAX pages, over several pages of numbers, in
 * a guest big enough for it, in and out in one call each. */
static void test_longest_list(void)
{
	static uint64_t list[HC_BALLOON_LIST_MAX];

	fixture_setup(&pm, &g, 512, 2 * HC_BALLOON_LIST_MAX);
	for (unsigned i = 0; i < HC_BALLOON_LIST_MAX; i++)
		list[i] = HC_BALLOON_LIST_MAX - 1 - i;
	CHECK(send(BALLOON_INFLATE, list, HC_BALLOON_LIST_MAX) == 0);
	CHECK(g.ballooned_pages == HC_BALLOON_LIST_MAX);
	CHECK(g.s2.table_pages == 3 + HC_BALLOON_LIST_MAX / 512);
	/* Deflating empties every leaf table: they go back to the machine. */
	CHECK(send(BALLOON_DEFLATE, list, HC_BALLOON_LIST_MAX) ==
	      HC_BALLOON_LIST_MAX / 512 + 2);
	CHECK(g.ballooned_pages == 0 && g.s2.table_pages == 1);
	teardown();
}

/* Fills the machine: a page in each 2 MiB region while there is room
 * for its table, then the rest of region 0. */
static void exhaust(void)
{
	gfn_t gfn = 0;

	while (p2m_fault(&g, gfn << PAGE_SHIFT) == ST_OK)
		gfn += 512;
	for (gfn = 1; pmem_count(&pm, PMEM_FREE) && gfn < 512; gfn++)
		if (p2m_state_of(&g, gfn) == P2M_UNTOUCHED)
			CHECK(p2m_fault(&g, gfn << PAGE_SHIFT) == ST_OK);
	CHECK(pmem_count(&pm, PMEM_FREE) == 0);
}

/* At machine-memory exhaustion an inflate that needs a table is refused
 * whole and retryable: nothing changed, no page is lost; the pages whose
 * table exists still go, and free what they held. */
static void test_inflate_at_exhaustion(void)
{
	uint64_t far[] = { 3, 4, 3 * 512 + 9, 200 * 512 };
	uint64_t near[] = { 5, 6 };
	uint64_t free_before, tables_before;

	fixture_setup(&pm, &g, 40, 1024 * 512);
	g.s2.table_limit = 0; /* the machine, not the limit, runs out */
	touch(4);
	exhaust();
	free_before = pmem_count(&pm, PMEM_FREE);
	tables_before = g.s2.table_pages;
	CHECK(free_before == 0);
	CHECK(send(BALLOON_INFLATE, far, 4) == ST_NOMEM);
	CHECK(g.ballooned_pages == 0 && g.mapped_pages > 0);
	CHECK(p2m_state_of(&g, 3) == P2M_UNTOUCHED);
	CHECK(p2m_state_of(&g, 4) == P2M_MAPPED);
	CHECK(g.s2.table_pages == tables_before);
	CHECK(pmem_count(&pm, PMEM_FREE) == free_before);
	CHECK(send(BALLOON_INFLATE, near, 2) == 0);
	CHECK(send(BALLOON_INFLATE, far, 2) == 1);
	CHECK(pmem_count(&pm, PMEM_FREE) == 1);
	CHECK(g.ballooned_pages == 4);
	CHECK(pmem_check(&pm) == ST_OK);
	teardown();
}

/* Tables made before the machine ran out are given back: a list whose
 * first region gets its tables and whose second does not leaves none. */
static void test_failed_prepare_gives_tables_back(void)
{
	uint64_t list[] = { 1ull << 18, 2ull << 18 };
	uint64_t mapped[] = { 0, 512 };
	uint64_t free_before;

	fixture_setup(&pm, &g, 40, 4ull << 18);
	g.s2.table_limit = 0;
	exhaust();
	/* Free room for one region's tables (PD and leaf), not two. */
	CHECK(send(BALLOON_INFLATE, mapped, 2) == 2);
	free_before = pmem_count(&pm, PMEM_FREE);
	CHECK(free_before == 2);
	CHECK(send(BALLOON_INFLATE, list, 2) == ST_NOMEM);
	CHECK(pmem_count(&pm, PMEM_FREE) == free_before);
	CHECK(p2m_state_of(&g, 1ull << 18) == P2M_UNTOUCHED);
	teardown();
}

/* The guest's table limit: a list needing tables past it is refused
 * whole, before any is made; pages under existing tables still go. */
static void test_table_limit(void)
{
	uint64_t sparse[] = { 512, 1024, 1536, 2048 };
	uint64_t near[] = { 513, 514 };

	fixture_setup(&pm, &g, 64, 4096);
	CHECK(g.s2.table_limit == pmem_total(&pm) / P2M_TABLE_SHARE + P2M_TABLE_FLOOR);
	touch(0);
	g.s2.table_limit = g.s2.table_pages + 2;
	CHECK(send(BALLOON_INFLATE, sparse, 4) == ST_FULL);
	CHECK(g.ballooned_pages == 0 && g.s2.table_pages == 4);
	CHECK(send(BALLOON_INFLATE, sparse, 2) == 0);
	CHECK(g.s2.table_pages == 6);
	CHECK(send(BALLOON_INFLATE, near, 2) == 0);
	CHECK(g.ballooned_pages == 4);
	teardown();
}

/* Tables a scattered balloon costs are charged to the guest as pages it
 * holds; a dense balloon's are not. */
static void test_scattered_tables_charged(void)
{
	static uint64_t dense[1024], sparse[64];

	fixture_setup(&pm, &g, 256, 64 * 512);
	g.s2.table_limit = 0;
	for (unsigned i = 0; i < 1024; i++)
		dense[i] = 1024 + i;
	touch(0);
	CHECK(send(BALLOON_INFLATE, dense, 1024) == 0);
	CHECK(p2m_held_pages(&g) == g.mapped_pages);
	for (unsigned i = 0; i < 40; i++)
		sparse[i] = (8 + i) * 512 + 7;
	CHECK(send(BALLOON_INFLATE, sparse, 40) == 0);
	/* 40 leaf tables for 40 pages: all but what 1065 entries need. */
	CHECK(g.s2.table_pages == 4 + 2 + 40);
	CHECK(p2m_held_pages(&g) == g.mapped_pages + g.s2.table_pages -
	      (1065 / 512 + P2M_TABLE_FLOOR));
	teardown();
}

/* Inflating a page the hypervisor swapped out drops it from swap: the
 * slot goes to the discard callback, the swapped count falls. */
static void test_inflate_swapped_page_frees_its_slot(void)
{
	uint64_t list[] = { 20, 21 };
	mfn_t mfn;

	setup();
	touch(20);
	touch(21);
	CHECK(p2m_swap_out_begin(&g, 20, &mfn) == ST_OK);
	CHECK(p2m_swap_out_end(&g, 20, mfn, 77, true) == ST_OK);
	CHECK(g.swapped_pages == 1 && g.mapped_pages == 1);
	discarded.n = 0;
	CHECK(send(BALLOON_INFLATE, list, 2) == 1);
	CHECK(discarded.n == 1);
	CHECK(discarded.gfn[0] == 20 && discarded.slot[0] == 77);
	CHECK(g.swapped_pages == 0 && g.mapped_pages == 0);
	CHECK(g.ballooned_pages == 2);
	CHECK(p2m_state_of(&g, 20) == P2M_BALLOONED);
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
		{ "the longest list, over several pages; deflate frees its tables", test_longest_list },
		{ "inflate at exhaustion: refused whole, nothing lost", test_inflate_at_exhaustion },
		{ "a failed prepare gives its tables back", test_failed_prepare_gives_tables_back },
		{ "the guest's table limit refuses lists whole", test_table_limit },
		{ "inflating a swapped page hands its slot back", test_inflate_swapped_page_frees_its_slot },
		{ "a scattered balloon's tables are charged to its guest", test_scattered_tables_charged },
	};
	int rc = CHECK_RUN("balloon", tests);

	fixture_free();
	return rc;
}
