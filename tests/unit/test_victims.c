/* Host unit tests of the swap victim sets (hv/mm/victims.c), over the
 * hypervisor's store (hv/mm/victim_index.c). */
#include <stdio.h>
#include <string.h>

#include "hv/mm/victim_index.h"
#include "tests/unit/check.h"
#include "tests/unit/guest_fixture.h"

static struct pmem pm;
static struct p2m g;
static struct victim_index idx;
static struct victims v;
static struct prng rng;

static void setup(size_t arena_pages, size_t guest_pages, gfn_t first)
{
	fixture_setup(&pm, &g, arena_pages, guest_pages);
	CHECK(victims_index_init(&idx, &pm) == ST_OK);
	victims_init(&v, &victim_index_ops, &idx, &g, first);
	prng_seed(&rng, 42);
}

static void teardown(void)
{
	uint64_t tables = g.s2.table_pages;

	victims_destroy(&v);
	victims_index_destroy(&idx);
	CHECK(pmem_count(&pm, PMEM_HYPERVISOR) == tables + 1); /* + owner array */
	fixture_teardown(&pm, &g);
}

/* What the swapper does when the guest maps a page. */
static void map(gfn_t gfn)
{
	CHECK(victims_reserve(&v) == ST_OK);
	CHECK(p2m_fault(&g, gfn << PAGE_SHIFT) == ST_OK);
	CHECK(victims_add(&v, gfn) == ST_OK);
}

/* Balloons a mapped page, as a one-page list would: it frees its page. */
static bool balloon(gfn_t gfn)
{
	slot_t slot;

	return p2m_prepare(&g, gfn) == ST_OK &&
	       p2m_balloon(&g, gfn, &slot) == P2M_MAPPED;
}

/* Pages a test took from pmem as a guest's, mapped nowhere. */
static void give_back_guest_pages(void)
{
	for (mfn_t f = pm.base; f < pm.base + pm.span_pages; f++)
		if (pmem_owner_of(&pm, f) == PMEM_GUEST)
			CHECK(pmem_free(&pm, f, PMEM_GUEST) == ST_OK);
}

static void test_uniform_over_mapped_pages(void)
{
	static unsigned count[200];
	gfn_t gfn;

	setup(1024, 4096, 16);
	memset(count, 0, sizeof(count));
	for (gfn_t i = 0; i < 200; i++)
		if (i % 2 == 0)
			map(i);
	for (unsigned k = 0; k < 20000; k++) {
		CHECK(victims_take(&v, &rng, &gfn) == ST_OK);
		CHECK(gfn >= 16 && gfn < 200 && gfn % 2 == 0);
		count[gfn < 200 ? gfn : 0]++;
		CHECK(victims_reserve(&v) == ST_OK);
		CHECK(victims_add(&v, gfn) == ST_OK);
	}
	/* 92 pages, 20000 draws: about 217 each. */
	for (gfn_t i = 16; i < 200; i += 2)
		CHECK(count[i] > 150 && count[i] < 290);
	CHECK(count[0] == 0 && count[15] == 0 && count[17] == 0);
	teardown();
}

/* Victims over 20 even pages of 40: chi-square, 19 degrees of freedom.
 * A set with no page draws none. */
static void test_uniform_chi_square(void)
{
	enum { PAGES = 40, DRAWS = 100000 };
	static unsigned count[PAGES];
	double chi = 0, expect = DRAWS / (PAGES / 2.0);
	gfn_t gfn;

	setup(1024, 4096, 0);
	memset(count, 0, sizeof(count));
	CHECK(victims_take(&v, &rng, &gfn) == ST_NOENT);
	for (gfn_t i = 0; i < PAGES; i += 2)
		map(i);
	for (int k = 0; k < DRAWS; k++) {
		CHECK(victims_take(&v, &rng, &gfn) == ST_OK);
		count[gfn % PAGES]++;
		CHECK(victims_reserve(&v) == ST_OK);
		CHECK(victims_add(&v, gfn) == ST_OK);
	}
	for (int i = 0; i < PAGES; i++) {
		double d = count[i] - (i % 2 ? 0 : expect);

		CHECK(i % 2 == 0 || count[i] == 0);
		chi += i % 2 ? 0 : d * d / expect;
	}
	printf("#   victim chi-square %.2f over %d pages\n", chi, PAGES / 2);
	CHECK(chi < 43.82);     /* p = 0.001 */
	teardown();
}

static void test_ballooned_pages_are_never_drawn(void)
{
	gfn_t gfn;
	unsigned drawn = 0;

	setup(1024, 4096, 0);
	for (gfn_t i = 100; i < 200; i++)
		map(i);
	for (gfn_t i = 100; i < 200; i += 2)
		CHECK(balloon(i));
	while (victims_take(&v, &rng, &gfn) == ST_OK) {
		CHECK(gfn % 2 == 1 && p2m_state_of(&g, gfn) == P2M_MAPPED);
		drawn++;
	}
	CHECK(drawn == 50);
	CHECK(victims_entries(&v) == 0);
	CHECK(v.checks <= 2 * 100); /* the drawn entry and the one moved in */
	teardown();
}

/* The case that hung the run: a guest of 2^28 pages (1 TiB) that maps 10. */
static void test_huge_guest_costs_o1(void)
{
	gfn_t gfn;

	setup(1024, 1ull << 28, 256);
	for (gfn_t i = 0; i < 10; i++)
		map(256 + i * 25000000ull);
	for (unsigned k = 0; k < 1000; k++) {
		CHECK(victims_take(&v, &rng, &gfn) == ST_OK);
		CHECK((gfn - 256) % 25000000ull == 0);
		CHECK(victims_reserve(&v) == ST_OK);
		CHECK(victims_add(&v, gfn) == ST_OK);
	}
	CHECK(v.checks <= 2 * 1000);
	teardown();
}

/* Balloon and map again, over and over: duplicates and stale entries do
 * not pile up, and each mapped page is drawn once. */
static void test_bounded_through_balloon_cycles(void)
{
	static bool seen[64];
	gfn_t gfn;
	unsigned drawn = 0;

	setup(1024, 4096, 0);
	for (gfn_t i = 0; i < 64; i++)
		map(1000 + i);
	for (unsigned round = 0; round < 100; round++) {
		for (gfn_t i = 0; i < 64; i++) {
			CHECK(balloon(1000 + i));
			CHECK(p2m_unballoon(&g, 1000 + i) == ST_OK);
			map(1000 + i);
			CHECK(victims_entries(&v) <= 2 * g.mapped_pages + VICTIMS_SLACK);
		}
	}
	memset(seen, 0, sizeof(seen));
	while (victims_take(&v, &rng, &gfn) == ST_OK) {
		CHECK(gfn >= 1000 && gfn < 1064 && !seen[gfn - 1000]);
		seen[(gfn - 1000) % 64] = true;
		drawn++;
	}
	CHECK(drawn == 64);
	teardown();
}

static void test_reserve_without_memory(void)
{
	uint64_t held = 0;
	mfn_t m;

	setup(64, 4096, 0);
	CHECK(victims_add(&v, 5) == ST_NOMEM); /* no reserve: no room */
	while ((m = pmem_alloc(&pm, PMEM_GUEST)) != MFN_INVALID)
		held++;
	CHECK(held > 0);
	CHECK(victims_reserve(&v) == ST_NOMEM);
	CHECK(pmem_count(&pm, PMEM_HYPERVISOR) == g.s2.table_pages + 2);
	give_back_guest_pages();
	teardown();
}

/* With one page free, a reserve that needs a directory and an entry page
 * keeps the directory: the next try needs only one more page. */
static void test_reserve_one_page_at_a_time(void)
{
	mfn_t last = MFN_INVALID, m;

	setup(64, 4096, 0);
	while ((m = pmem_alloc(&pm, PMEM_GUEST)) != MFN_INVALID)
		last = m;
	CHECK(pmem_free(&pm, last, PMEM_GUEST) == ST_OK);
	CHECK(victims_reserve(&v) == ST_NOMEM);
	CHECK(pmem_count(&pm, PMEM_FREE) == 0);
	CHECK(pmem_free(&pm, last - 1, PMEM_GUEST) == ST_OK);
	CHECK(victims_reserve(&v) == ST_OK);
	give_back_guest_pages();
	teardown();
}

static void test_index_needs_its_pages(void)
{
	struct victim_index x;

	fixture_setup(&pm, &g, 64, 16);
	while (pmem_alloc(&pm, PMEM_HYPERVISOR) != MFN_INVALID)
		;
	CHECK(victims_index_init(&x, &pm) == ST_NOMEM);
	fixture_free();
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "picks are uniform over mapped pages above first", test_uniform_over_mapped_pages },
		{ "picks are uniform (chi-square)", test_uniform_chi_square },
		{ "ballooned pages are never drawn, and are dropped", test_ballooned_pages_are_never_drawn },
		{ "a 1 TiB guest mapping 10 pages: O(1) checks per pick", test_huge_guest_costs_o1 },
		{ "balloon cycles: bounded entries, no duplicate draws", test_bounded_through_balloon_cycles },
		{ "reserve says ST_NOMEM when no page is free", test_reserve_without_memory },
		{ "a reserve with one page free keeps its directory", test_reserve_one_page_at_a_time },
		{ "the index takes its pages or fails cleanly", test_index_needs_its_pages },
	};
	int st = CHECK_RUN("victims", tests);

	fixture_free();
	return st;
}
