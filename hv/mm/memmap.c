/*
 * Carves the managed machine memory out of the boot memory map. Ranges
 * come in the map's order, which both Multiboot2 and UEFI give ascending;
 * the budget is applied in that order, so the same map and budget always
 * give the same managed pages (and the same trace).
 */
#include "hv/mm/memmap.h"

struct carve {
	struct pmem *p;
	const struct memmap_excluded *ex;
	unsigned nex;
	uint64_t left; /* bytes still to add; UINT64_MAX without a budget */
	int status;
};

static void add_piece(struct carve *c, maddr_t start, maddr_t end)
{
	int st;

	start = (start + PAGE_MASK) & ~PAGE_MASK;
	end &= ~PAGE_MASK;
	if (end <= start || !c->left || c->status != ST_OK)
		return;
	if (end - start > c->left)
		end = start + c->left;
	st = pmem_add_range(c->p, start, end);
	if (st != ST_OK) {
		c->status = st;
		return;
	}
	c->left -= end - start;
}

/* Adds [start, end) less excluded ranges i and later. */
static void add_without(struct carve *c, maddr_t start, maddr_t end,
			unsigned i)
{
	const struct memmap_excluded *x;

	if (i == c->nex) {
		add_piece(c, start, end);
		return;
	}
	x = &c->ex[i];
	if (x->end <= start || x->start >= end) {
		add_without(c, start, end, i + 1);
		return;
	}
	if (start < x->start)
		add_without(c, start, x->start, i + 1);
	if (x->end < end)
		add_without(c, x->end, end, i + 1);
}

int memmap_init(struct pmem *p, const struct boot_info *bi,
		const struct memmap_excluded *ex, unsigned nex,
		uint64_t budget)
{
	struct carve c = { p, ex, nex, budget ? budget : UINT64_MAX, ST_OK };

	pmem_init(p);
	for (uint32_t i = 0; i < bi->nr_mem_ranges && i < BOOT_MAX_MEM_RANGES; i++) {
		const struct boot_mem_range *r = &bi->mem[i];
		maddr_t start = r->base, end = r->base + r->length;

		if (r->type != BOOT_MEM_USABLE || end <= MEMMAP_LOW_LIMIT)
			continue;
		if (start < MEMMAP_LOW_LIMIT)
			start = MEMMAP_LOW_LIMIT;
		add_without(&c, start, end, 0);
	}
	if (c.status != ST_OK)
		return c.status;
	if (!p->nranges)
		return ST_NOMEM;
	return pmem_commit(p);
}
