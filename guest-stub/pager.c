/*
 * The pager (see pager.h). Clock: a hand sweeps the vpns; a resident page
 * whose accessed bit is set gets it cleared and a second chance, one
 * whose bit is clear is evicted. A page is written out only when it is
 * dirty or has no copy in its slot, so a page read back and only read
 * costs no second write.
 */
#include "guest-stub/pager.h"

#include "guest-stub/block.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/report.h"
#include "guest-stub/vm.h"

/* Free frames kept: 1/16, above the allocator's low-memory watermark
 * (1/32), so that only a sudden demand (the balloon's) raises one. */
#define RESERVE_SHIFT 4
#define BALANCE_MAX 64    /* evictions per pager_balance call */

static uint64_t on_disk[VM_MAX_PAGES / 64]; /* the slot holds the page */
static uint64_t allocated[VM_MAX_PAGES / 64]; /* the vpn holds data */
static uint64_t vpages, area_pages, hand, reserve;
static uint64_t resident, reads, writes;

static bool bit(const uint64_t *map, uint64_t v)
{
	return map[v / 64] & (1ull << (v % 64));
}

static void set_bit(uint64_t *map, uint64_t v, bool on)
{
	if (on)
		map[v / 64] |= 1ull << (v % 64);
	else
		map[v / 64] &= ~(1ull << (v % 64));
}

bool pager_init(uint64_t pages)
{
	vpages = pages;
	area_pages = block_pages();
	reserve = palloc_total_pages() >> RESERVE_SHIFT;
	return vm_init(pages);
}

/* Writes vpn out if its slot lacks its contents, then frees its frame.
 * False when the write failed: the page stays resident. */
static bool evict(uint64_t vpn)
{
	if (!bit(on_disk, vpn) || vm_dirty(vpn)) {
		if (block_write(vpn, vm_frame(vpn) << PAGE_SHIFT, 1) != 0)
			return false;
		writes++;
		set_bit(on_disk, vpn, true);
	}
	palloc_put(vm_unmap(vpn));
	resident--;
	return true;
}

/* Two sweeps find a victim if there is one: the first clears every
 * accessed bit it passes. */
static bool evict_one(void)
{
	uint64_t limit = vpages < area_pages ? vpages : area_pages;

	for (uint64_t n = 0; limit && n < 2 * limit + 1; n++) {
		uint64_t v = hand;

		hand = (hand + 1) % limit;
		if (!vm_present(v) || vm_test_and_clear_accessed(v))
			continue;
		if (evict(v))
			return true;
	}
	return false;
}

static uint64_t get_frame(void)
{
	uint64_t g = palloc_get();

	while (!g && evict_one())
		g = palloc_get();
	return g;
}

uint64_t pager_take_frame(void)
{
	return get_frame();
}

bool pager_alloc(uint64_t vpn)
{
	uint64_t g = get_frame();

	if (!g)
		return false;
	vm_map(vpn, g);
	resident++;
	set_bit(allocated, vpn, true);
	set_bit(on_disk, vpn, false);
	return true;
}

void pager_free(uint64_t vpn)
{
	if (vm_present(vpn)) {
		palloc_put(vm_unmap(vpn));
		resident--;
	}
	set_bit(allocated, vpn, false);
	set_bit(on_disk, vpn, false);
}

bool pager_fault(uint64_t vpn)
{
	uint64_t g;
	int64_t st;

	if (vpn >= vpages || !bit(allocated, vpn) || !bit(on_disk, vpn))
		return false;
	if (!(g = get_frame()))
		return false;
	/* A buffer must be memory the guest holds: a frame never touched
	 * (or deflated) is not, until this write. */
	*(volatile uint64_t *)gfn_ptr(g) = 0;
	st = block_read(vpn, g << PAGE_SHIFT, 1);
	if (st != 0)
		report_crash("paging read of page %lu failed: %ld", vpn, (long)st);
	reads++;
	vm_map(vpn, g);
	resident++;
	return true;
}

void pager_balance(void)
{
	for (int i = 0; i < BALANCE_MAX && palloc_free_pages() < reserve; i++)
		if (!evict_one())
			return;
}

uint64_t pager_resident(void)
{
	return resident;
}

uint64_t pager_reads(void)
{
	return reads;
}

uint64_t pager_writes(void)
{
	return writes;
}

bool pager_can_page(void)
{
	return area_pages > 0;
}
