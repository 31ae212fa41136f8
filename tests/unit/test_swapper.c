/*
 * Unit tests of the swapper (hv/core/swapper.c) over a p2m and a swap area
 * on a RAM disk: pages out and back with their content, victims only at or
 * above the guest's first swappable page, the same victims for the same
 * seed, failed writes and reads that lose nothing and are counted, a full
 * area, the refusals of swapper_swap_in, a ballooned page's slot and a
 * guest's end, slots the disk will not free, and a run without a swap
 * area.
 */
#include "hv/core/swapper.h"
#include "tests/unit/check.h"
#include "tests/unit/guest_fixture.h"
#include "tests/unit/hv_stubs.h"
#include "tests/unit/ram_disk.h"

#include <string.h>

#define ARENA_PAGES 256
#define GUEST_PAGES 64
#define OWNER 3

static struct pmem pm;
static struct p2m g;
static struct swapper_guest s;
static struct ram_disk disk;
static struct swap_area sa;

static void setup(uint32_t slots, gfn_t first, uint64_t seed)
{
	fixture_setup(&pm, &g, ARENA_PAGES, GUEST_PAGES);
	CHECK(ram_disk_format(&sa, &disk, slots) == ST_OK);
	swapper_init(&sa, &pm, seed);
	CHECK(swapper_present());
	swapper_track(&s, &g, OWNER, "t", first);
}

static void teardown(void)
{
	swapper_release(&s);
	CHECK(sa.used == 0);
	fixture_teardown(&pm, &g);
}

static void fill(uint8_t *page, gfn_t gfn)
{
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		page[i] = (uint8_t)(gfn * 37 + i * 11 + (i >> 9));
}

/* Maps gfn as the exit path does, with content of its own. */
static void map(gfn_t gfn)
{
	uint8_t page[PAGE_SIZE];

	fill(page, gfn);
	CHECK(swapper_reserve(&s) == ST_OK);
	CHECK(p2m_fault(&g, gfn * PAGE_SIZE) == ST_OK);
	CHECK(p2m_write(&g, gfn * PAGE_SIZE, page, PAGE_SIZE) == ST_OK);
	swapper_mapped(&s, gfn);
}

static void map_range(gfn_t from, gfn_t to)
{
	for (gfn_t gfn = from; gfn < to; gfn++)
		map(gfn);
}

static bool holds_its_content(gfn_t gfn)
{
	uint8_t want[PAGE_SIZE], got[PAGE_SIZE];

	fill(want, gfn);
	return p2m_read(&g, gfn * PAGE_SIZE, got, PAGE_SIZE) == ST_OK &&
	       memcmp(want, got, PAGE_SIZE) == 0;
}

static unsigned count_state(gfn_t to, enum p2m_state st)
{
	unsigned n = 0;

	for (gfn_t gfn = 0; gfn < to; gfn++)
		n += p2m_state_of(&g, gfn) == st;
	return n;
}

/* Reads every swapped page below to back; each must keep its content. */
static void swap_all_in(gfn_t to)
{
	for (gfn_t gfn = 0; gfn < to; gfn++) {
		if (p2m_state_of(&g, gfn) != P2M_SWAPPED)
			continue;
		CHECK(swapper_swap_in(&s, gfn) == ST_OK);
		CHECK(holds_its_content(gfn));
	}
}

static int slot_names_page(void *ctx, gfn_t gfn, slot_t slot)
{
	(void)ctx;
	CHECK(sa.map[slot].state == SWAP_SLOT_USED);
	CHECK(sa.map[slot].guest == OWNER && sa.map[slot].gfn == gfn);
	return ST_OK;
}

static void test_out_and_in(void)
{
	struct swapper_stats before;

	setup(64, 0, 1);
	before = *swapper_stats();
	map_range(0, 16);
	CHECK(swapper_swap_out(&s, 10) == 10);
	CHECK(s.outs == 10 && swapper_stats()->outs == before.outs + 10);
	CHECK(g.swapped_pages == 10 && g.mapped_pages == 6);
	CHECK(count_state(16, P2M_SWAPPED) == 10);
	CHECK(sa.used == 10);
	CHECK(p2m_for_each_swapped(&g, slot_names_page, 0) == ST_OK);
	CHECK(pmem_count(&pm, PMEM_INFLIGHT) == 0);
	swap_all_in(16);
	CHECK(s.ins == 10 && swapper_stats()->ins == before.ins + 10);
	CHECK(sa.used == 0 && g.mapped_pages == 16 && g.swapped_pages == 0);
	/* Read back, every page is a victim again; no more than it maps. */
	CHECK(swapper_swap_out(&s, 100) == 16);
	CHECK(s.errors == 0);
	teardown();
}

static void test_first_swappable(void)
{
	setup(64, 4, 1);
	map_range(0, 8);
	CHECK(swapper_swap_out(&s, 100) == 4);
	for (gfn_t gfn = 0; gfn < 4; gfn++)
		CHECK(p2m_state_of(&g, gfn) == P2M_MAPPED);
	CHECK(count_state(8, P2M_SWAPPED) == 4);
	teardown();
}

/* Which of pages below to the swapper took, as a bit mask. */
static uint64_t swapped_mask(gfn_t to)
{
	uint64_t mask = 0;

	for (gfn_t gfn = 0; gfn < to; gfn++)
		if (p2m_state_of(&g, gfn) == P2M_SWAPPED)
			mask |= 1ull << gfn;
	return mask;
}

static void test_seed_decides(void)
{
	uint64_t first, again, other;

	setup(64, 0, 7);
	map_range(0, 48);
	CHECK(swapper_swap_out(&s, 8) == 8);
	first = swapped_mask(48);
	teardown();
	setup(64, 0, 7);
	map_range(0, 48);
	CHECK(swapper_swap_out(&s, 8) == 8);
	again = swapped_mask(48);
	teardown();
	setup(64, 0, 8);
	map_range(0, 48);
	CHECK(swapper_swap_out(&s, 8) == 8);
	other = swapped_mask(48);
	teardown();
	CHECK(first == again);
	CHECK(first != other);
}

static void test_failed_write(void)
{
	uint64_t errors = swapper_stats()->write_errors;

	setup(64, 0, 1);
	map_range(0, 8);
	sa.fail_write_at = sa.write_tries + 2;  /* the second page's write */
	CHECK(swapper_swap_out(&s, 3) == 2);
	CHECK(s.errors == 1 && s.outs == 2);
	CHECK(swapper_stats()->write_errors == errors + 1);
	CHECK(g.mapped_pages == 6 && g.swapped_pages == 2);
	CHECK(sa.used == 2);                    /* its slot went back */
	CHECK(pmem_count(&pm, PMEM_INFLIGHT) == 0);
	for (gfn_t gfn = 0; gfn < 8; gfn++)
		if (p2m_state_of(&g, gfn) == P2M_MAPPED)
			CHECK(holds_its_content(gfn));
	/* The page that stayed is still a victim. */
	CHECK(swapper_swap_out(&s, 100) == 6);
	swap_all_in(8);
	teardown();
}

static void test_failed_read(void)
{
	uint64_t errors = swapper_stats()->read_errors, free_pages;
	gfn_t gfn;

	setup(64, 0, 1);
	map_range(0, 4);
	CHECK(swapper_swap_out(&s, 1) == 1);
	for (gfn = 0; p2m_state_of(&g, gfn) != P2M_SWAPPED; gfn++)
		;
	free_pages = pmem_count(&pm, PMEM_FREE);
	sa.fail_read_at = sa.read_tries + 1;
	CHECK(swapper_swap_in(&s, gfn) == ST_IO);
	CHECK(p2m_state_of(&g, gfn) == P2M_SWAPPED);
	CHECK(s.errors == 1 && s.ins == 0);
	CHECK(swapper_stats()->read_errors == errors + 1);
	CHECK(sa.used == 1 && g.swapped_pages == 1);
	CHECK(pmem_count(&pm, PMEM_FREE) == free_pages);
	CHECK(pmem_count(&pm, PMEM_INFLIGHT) == 0);
	CHECK(swapper_swap_in(&s, gfn) == ST_OK);
	CHECK(holds_its_content(gfn) && s.ins == 1);
	teardown();
}

static void test_full_area(void)
{
	setup(4, 0, 1);
	map_range(0, 8);
	stub_console_clear();
	CHECK(swapper_swap_out(&s, 8) == 4);
	CHECK(swapper_stats()->full);
	CHECK(stub_console_has("ballast: swap area full (4 slots): no more swap-outs\n"));
	CHECK(sa.used == 4 && g.mapped_pages == 4 && s.errors == 0);
	CHECK(swapper_swap_out(&s, 1) == 0);
	swap_all_in(8);
	/* The slots are free again, and the page that found it full is
	 * still a victim with the others. */
	CHECK(swapper_swap_out(&s, 8) == 4);
	swap_all_in(8);
	teardown();
}

/* Takes every free machine page; returns how many. */
static uint64_t exhaust(mfn_t *taken, uint64_t max)
{
	uint64_t n = 0;

	while (n < max && (taken[n] = pmem_alloc(&pm, PMEM_HYPERVISOR)) != MFN_INVALID)
		n++;
	return n;
}

static void test_swap_in_refusals(void)
{
	static mfn_t taken[ARENA_PAGES];
	uint64_t n;
	gfn_t gfn;

	setup(64, 0, 1);
	map_range(0, 2);
	CHECK(swapper_swap_out(&s, 1) == 1);
	gfn = p2m_state_of(&g, 0) == P2M_SWAPPED ? 0 : 1;
	CHECK(swapper_swap_in(&s, 1 - gfn) == ST_INVAL);        /* mapped */
	CHECK(swapper_swap_in(&s, 5) == ST_INVAL);              /* untouched */
	CHECK(swapper_swap_in(&s, GUEST_PAGES) == ST_INVAL);    /* outside */
	n = exhaust(taken, ARENA_PAGES);
	CHECK(swapper_swap_in(&s, gfn) == ST_NOMEM);
	CHECK(p2m_state_of(&g, gfn) == P2M_SWAPPED && sa.used == 1);
	CHECK(s.errors == 0 && s.ins == 0);
	for (uint64_t i = 0; i < n; i++)
		CHECK(pmem_free(&pm, taken[i], PMEM_HYPERVISOR) == ST_OK);
	CHECK(swapper_swap_in(&s, gfn) == ST_OK && holds_its_content(gfn));
	teardown();
}

static void test_discard_and_release(void)
{
	slot_t slot;
	gfn_t gfn;

	setup(64, 0, 1);
	map_range(0, 8);
	CHECK(swapper_swap_out(&s, 3) == 3);
	for (gfn = 0; p2m_state_of(&g, gfn) != P2M_SWAPPED; gfn++)
		;
	CHECK(p2m_prepare(&g, gfn) == ST_OK);
	CHECK(p2m_balloon(&g, gfn, &slot) == P2M_SWAPPED);
	swapper_discard(&s, gfn, slot);
	CHECK(sa.used == 2 && sa.map[slot].state == SWAP_SLOT_FREE);
	CHECK(s.errors == 0);
	teardown();     /* swapper_release frees the other two */
}

/* The slot's map sector: writes to it fail while disk.fail_write_lba
 * names it. */
static uint64_t map_sector(slot_t slot)
{
	return sa.hdr.map_lba + slot / SWAP_MAP_PER_SECTOR;
}

/* A disk that will not mark slots free (under QEMU, a FLUSH CACHE that
 * outlasted the ATA driver's wait) is a disk error, not a broken
 * hypervisor: the page read back is in, a ballooned or ended guest's page
 * is gone, and each slot stays used, counted, with a message. */
static void test_slot_not_freed(void)
{
	uint64_t errors = swapper_stats()->write_errors;
	slot_t slot;
	gfn_t gfn[3];
	unsigned n = 0;

	setup(64, 0, 1);
	map_range(0, 8);
	CHECK(swapper_swap_out(&s, 3) == 3);
	for (gfn_t i = 0; i < 8; i++)
		if (p2m_state_of(&g, i) == P2M_SWAPPED)
			gfn[n++] = i;
	disk.fail_write_lba = map_sector(0);
	stub_console_clear();
	CHECK(swapper_swap_in(&s, gfn[0]) == ST_OK);
	CHECK(holds_its_content(gfn[0]) && s.ins == 1);
	CHECK(stub_console_has("could not be freed: it stays used\n"));
	CHECK(p2m_prepare(&g, gfn[1]) == ST_OK);
	CHECK(p2m_balloon(&g, gfn[1], &slot) == P2M_SWAPPED);
	swapper_discard(&s, gfn[1], slot);
	CHECK(sa.used == 3 && s.errors == 2);
	swapper_release(&s);    /* the third page's slot: the guest ended */
	CHECK(sa.used == 3 && s.errors == 3);
	CHECK(swapper_stats()->write_errors == errors + 3);
	CHECK(swapper_stats()->read_errors == 0);
	disk.fail_write_lba = NO_FAIL;
	fixture_teardown(&pm, &g);
}

static void test_no_area(void)
{
	fixture_setup(&pm, &g, ARENA_PAGES, GUEST_PAGES);
	swapper_init(0, &pm, 1);
	CHECK(!swapper_present());
	swapper_track(&s, &g, OWNER, "t", 0);
	CHECK(swapper_reserve(&s) == ST_OK);
	CHECK(p2m_fault(&g, 0) == ST_OK);
	swapper_mapped(&s, 0);
	CHECK(swapper_swap_out(&s, 4) == 0);
	CHECK(p2m_state_of(&g, 0) == P2M_MAPPED);
	CHECK(swapper_swap_in(&s, 0) == ST_INVAL);
	swapper_release(&s);
	fixture_teardown(&pm, &g);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "pages go out and come back with their content", test_out_and_in },
		{ "pages below the first swappable one stay", test_first_swappable },
		{ "the seed decides the victims", test_seed_decides },
		{ "a failed write leaves the page mapped, counted", test_failed_write },
		{ "a failed read leaves the page swapped, counted", test_failed_read },
		{ "a full area stops swap-outs and loses nothing", test_full_area },
		{ "swap-in refuses what is not swapped, waits for memory", test_swap_in_refusals },
		{ "a ballooned page's slot and a guest's end free slots", test_discard_and_release },
		{ "a slot the disk will not free stays used, counted", test_slot_not_freed },
		{ "without a swap area nothing is swapped", test_no_area },
	};
	int rc = CHECK_RUN("swapper", tests);

	fixture_free();
	ram_disk_free(&disk);
	return rc;
}
