/*
 * Unit tests of the guest p2m's page states (hv/mm/p2m.c): demand mapping,
 * the range check, and the two-step swap-out and swap-in that leave
 * everything as it was when the disk I/O between the steps fails.
 */
#include "hv/mm/p2m.h"
#include "tests/unit/check.h"
#include "tests/unit/guest_fixture.h"

#include <string.h>

#define ARENA_PAGES 128
#define GUEST_PAGES 64

static struct pmem pm;
static struct p2m g;

static void setup(void)
{
	fixture_setup(&pm, &g, ARENA_PAGES, GUEST_PAGES);
}

static void teardown(void)
{
	fixture_teardown(&pm, &g);
}

static void test_demand_and_range(void)
{
	char buf[4] = { 1, 2, 3, 4 };

	setup();
	CHECK(p2m_fault(&g, 5 * PAGE_SIZE + 12) == ST_OK);
	CHECK(p2m_fault(&g, 5 * PAGE_SIZE) == ST_EXIST);
	CHECK(p2m_fault(&g, GUEST_PAGES * PAGE_SIZE) == ST_RANGE);
	CHECK(g.demand_pages == 1 && g.mapped_pages == 1);
	CHECK(p2m_read(&g, 5 * PAGE_SIZE, buf, 4) == ST_OK && buf[0] == 0);
	CHECK(p2m_read(&g, 6 * PAGE_SIZE - 2, buf, 4) == ST_NOENT);
	CHECK(p2m_read(&g, GUEST_PAGES * PAGE_SIZE - 2, buf, 4) == ST_RANGE);
	CHECK(p2m_read(&g, ~0ull - 1, buf, 4) == ST_RANGE);
	teardown();
}

/* Swap gfn 9 out to a pretend slot and back, with its content kept in
 * `disk` between the steps as the swap area would. */
static void test_swap_round_trip(void)
{
	static unsigned char disk[PAGE_SIZE];
	mfn_t mfn, in;
	slot_t slot;
	uint64_t free_before;

	setup();
	CHECK(p2m_write(&g, 9 * PAGE_SIZE, "ballast", 8) == ST_OK);
	CHECK(p2m_swap_out_begin(&g, 9, &mfn) == ST_OK);
	CHECK(pmem_count(&pm, PMEM_INFLIGHT) == 1);
	memcpy(disk, mfn_ptr(mfn), PAGE_SIZE);
	free_before = pmem_count(&pm, PMEM_FREE);
	CHECK(p2m_swap_out_end(&g, 9, mfn, 42, true) == ST_OK);
	CHECK(pmem_count(&pm, PMEM_FREE) == free_before + 1);
	CHECK(p2m_state_of(&g, 9) == P2M_SWAPPED);
	CHECK(g.swapped_pages == 1 && g.mapped_pages == 0);
	CHECK(p2m_fault(&g, 9 * PAGE_SIZE) == ST_INVAL);

	CHECK(p2m_swap_in_begin(&g, 9, &slot, &in) == ST_OK);
	CHECK(slot == 42);
	memcpy(mfn_ptr(in), disk, PAGE_SIZE);
	CHECK(p2m_swap_in_end(&g, 9, in, true) == ST_OK);
	CHECK(p2m_state_of(&g, 9) == P2M_MAPPED);
	CHECK(g.swapped_pages == 0 && g.mapped_pages == 1);
	CHECK(memcmp(mfn_ptr(in), "ballast", 8) == 0);
	teardown();
}

static void test_failed_io_changes_nothing(void)
{
	mfn_t mfn, in;
	slot_t slot;

	setup();
	CHECK(p2m_write(&g, 3 * PAGE_SIZE, "keep", 5) == ST_OK);
	CHECK(p2m_swap_out_begin(&g, 3, &mfn) == ST_OK);
	CHECK(p2m_swap_out_end(&g, 3, mfn, 7, false) == ST_OK);
	CHECK(p2m_state_of(&g, 3) == P2M_MAPPED);
	CHECK(memcmp(mfn_ptr(mfn), "keep", 5) == 0);
	CHECK(pmem_count(&pm, PMEM_INFLIGHT) == 0);

	CHECK(p2m_swap_out_begin(&g, 3, &mfn) == ST_OK);
	CHECK(p2m_swap_out_end(&g, 3, mfn, 7, true) == ST_OK);
	CHECK(p2m_swap_in_begin(&g, 3, &slot, &in) == ST_OK);
	CHECK(p2m_swap_in_end(&g, 3, in, false) == ST_OK);
	CHECK(p2m_state_of(&g, 3) == P2M_SWAPPED);
	CHECK(g.swapped_pages == 1);
	CHECK(p2m_swap_in_begin(&g, 4, &slot, &in) == ST_INVAL);
	teardown();
}

static int count_swapped(void *ctx, gfn_t gfn, slot_t slot)
{
	(void)gfn;
	*(unsigned *)ctx += slot;
	return ST_OK;
}

static void test_for_each_swapped(void)
{
	unsigned sum = 0;
	mfn_t mfn;

	setup();
	for (gfn_t gfn = 10; gfn < 13; gfn++) {
		CHECK(p2m_fault(&g, gfn * PAGE_SIZE) == ST_OK);
		CHECK(p2m_swap_out_begin(&g, gfn, &mfn) == ST_OK);
		CHECK(p2m_swap_out_end(&g, gfn, mfn, (slot_t)gfn, true) == ST_OK);
	}
	CHECK(p2m_for_each_swapped(&g, count_swapped, &sum) == ST_OK);
	CHECK(sum == 10 + 11 + 12);
	teardown();
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "demand mapping, zeroed, inside the guest only", test_demand_and_range },
		{ "swap out and in keep the page's content", test_swap_round_trip },
		{ "a failed swap write or read changes nothing", test_failed_io_changes_nothing },
		{ "every swapped page and its slot is visited", test_for_each_swapped },
	};
	int rc = CHECK_RUN("p2m", tests);

	fixture_free();
	return rc;
}
