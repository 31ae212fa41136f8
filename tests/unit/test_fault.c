/*
 * Unit tests of the guest memory fault's classifier (hv/mm/fault.c): each
 * class from the page state that makes it, as a page moves through its
 * states, at the edges of the guest's memory; and p2m_fault, which maps
 * demand faults only and refuses every other class by its status.
 */
#include "hv/mm/fault.h"
#include "tests/unit/check.h"
#include "tests/unit/guest_fixture.h"

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

static enum fault_class class_of(gfn_t gfn)
{
	return fault_classify(&g, gfn * PAGE_SIZE);
}

static void swap_out(gfn_t gfn, slot_t slot)
{
	mfn_t mfn;

	CHECK(p2m_swap_out_begin(&g, gfn, &mfn) == ST_OK);
	CHECK(p2m_swap_out_end(&g, gfn, mfn, slot, true) == ST_OK);
}

static void balloon(gfn_t gfn)
{
	slot_t slot;

	CHECK(p2m_prepare(&g, gfn) == ST_OK);
	CHECK(p2m_balloon(&g, gfn, &slot) >= 0);
}

static void test_demand(void)
{
	setup();
	CHECK(class_of(0) == FAULT_DEMAND);
	CHECK(class_of(GUEST_PAGES - 1) == FAULT_DEMAND);
	CHECK(fault_classify(&g, 5 * PAGE_SIZE + PAGE_SIZE - 1) == FAULT_DEMAND);
	teardown();
}

static void test_spurious(void)
{
	setup();
	CHECK(p2m_fault(&g, 5 * PAGE_SIZE) == ST_OK);
	CHECK(class_of(5) == FAULT_SPURIOUS);
	CHECK(fault_classify(&g, 5 * PAGE_SIZE + 123) == FAULT_SPURIOUS);
	CHECK(class_of(4) == FAULT_DEMAND && class_of(6) == FAULT_DEMAND);
	teardown();
}

static void test_swapped(void)
{
	mfn_t in;
	slot_t slot;

	setup();
	CHECK(p2m_fault(&g, 9 * PAGE_SIZE) == ST_OK);
	swap_out(9, 0);
	CHECK(class_of(9) == FAULT_SWAPPED);
	CHECK(p2m_fault(&g, 10 * PAGE_SIZE) == ST_OK);
	swap_out(10, 65535);
	CHECK(class_of(10) == FAULT_SWAPPED);
	CHECK(p2m_swap_in_begin(&g, 9, &slot, &in) == ST_OK);
	CHECK(p2m_swap_in_end(&g, 9, in, true) == ST_OK);
	CHECK(class_of(9) == FAULT_SPURIOUS);
	teardown();
}

static void test_ballooned(void)
{
	setup();
	balloon(7);
	CHECK(class_of(7) == FAULT_BALLOONED);
	CHECK(p2m_fault(&g, 8 * PAGE_SIZE) == ST_OK);
	balloon(8);                     /* a mapped page, given up */
	CHECK(class_of(8) == FAULT_BALLOONED);
	CHECK(p2m_fault(&g, 11 * PAGE_SIZE) == ST_OK);
	swap_out(11, 3);
	balloon(11);                    /* a swapped one */
	CHECK(class_of(11) == FAULT_BALLOONED);
	CHECK(p2m_unballoon(&g, 7) == ST_OK);
	CHECK(class_of(7) == FAULT_DEMAND);
	teardown();
}

static void test_outside(void)
{
	setup();
	CHECK(class_of(GUEST_PAGES) == FAULT_OUTSIDE);
	CHECK(fault_classify(&g, GUEST_PAGES * PAGE_SIZE - 1) == FAULT_DEMAND);
	CHECK(class_of(1ull << 40) == FAULT_OUTSIDE);
	CHECK(fault_classify(&g, ~0ull) == FAULT_OUTSIDE);
	teardown();
}

/* p2m_fault maps a demand fault only: the other classes change nothing. */
static void test_p2m_fault_refuses(void)
{
	uint64_t mapped;

	setup();
	CHECK(p2m_fault(&g, 2 * PAGE_SIZE) == ST_OK);
	CHECK(p2m_fault(&g, 3 * PAGE_SIZE) == ST_OK);
	swap_out(3, 1);
	balloon(4);
	mapped = g.mapped_pages;
	CHECK(p2m_fault(&g, 2 * PAGE_SIZE) == ST_EXIST);
	CHECK(p2m_fault(&g, 3 * PAGE_SIZE) == ST_INVAL);
	CHECK(p2m_fault(&g, 4 * PAGE_SIZE) == ST_DENIED);
	CHECK(p2m_fault(&g, GUEST_PAGES * PAGE_SIZE) == ST_RANGE);
	CHECK(g.mapped_pages == mapped && g.demand_pages == 2);
	CHECK(class_of(3) == FAULT_SWAPPED && class_of(4) == FAULT_BALLOONED);
	teardown();
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "a page never touched is demand", test_demand },
		{ "a mapped page is spurious", test_spurious },
		{ "a swapped page, any slot, is swapped until read back", test_swapped },
		{ "a ballooned page, whatever it was, until deflated", test_ballooned },
		{ "past the guest's last page is outside", test_outside },
		{ "p2m_fault maps demand faults and refuses the others", test_p2m_fault_refuses },
	};
	int rc = CHECK_RUN("fault", tests);

	fixture_free();
	return rc;
}
