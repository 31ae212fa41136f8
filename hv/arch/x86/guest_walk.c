/*
 * The guest page walk (hv/arch/x86/guest_walk.h), after the Intel SDM
 * volume 3, section 4.5 (4-level paging). Accessed and dirty bits are
 * left alone: the walk is the hypervisor's reading, not the guest's.
 */
#include "hv/arch/x86/guest_walk.h"

#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)
#define EFER_LMA (1ull << 10)
#define PTE_PRESENT 1ull
#define PTE_PS (1ull << 7)
#define PTE_ADDR_MASK 0x000ffffffffff000ull
#define LEVELS 4
#define LEVEL_SHIFT(l) (12 + 9 * (l)) /* l = 0 (PT) to 3 (PML4) */
#define INDEX_MASK 0x1ffull

static bool canonical(uint64_t la)
{
	uint64_t top = la >> 47;

	return top == 0 || top == 0x1ffff;
}

int guest_translate(const struct guest_paging *pg, gpa_read_fn read, void *ctx, uint64_t la,
		    gpa_t *gpa, gpa_t *failed)
{
	uint64_t table = pg->cr3 & PTE_ADDR_MASK, entry;

	if (!(pg->cr0 & CR0_PG)) {
		*gpa = la & 0xffffffffull;
		return ST_OK;
	}
	if (!(pg->efer & EFER_LMA) || !(pg->cr4 & CR4_PAE) || (pg->cr4 & CR4_LA57) ||
	    !canonical(la))
		return ST_INVAL;
	for (int l = LEVELS - 1; l >= 0; l--) {
		gpa_t at = table + ((la >> LEVEL_SHIFT(l)) & INDEX_MASK) * 8;
		int st = read(ctx, at, &entry, sizeof(entry));

		if (st != ST_OK) {
			*failed = at;
			return st;
		}
		if (!(entry & PTE_PRESENT))
			return ST_NOENT;
		if (l == 0 || ((entry & PTE_PS) && (l == 1 || l == 2))) {
			uint64_t offset = la & ((1ull << LEVEL_SHIFT(l)) - 1);

			*gpa = (entry & PTE_ADDR_MASK & ~((1ull << LEVEL_SHIFT(l)) - 1)) | offset;
			return ST_OK;
		}
		if (entry & PTE_PS)
			return ST_INVAL; /* PS in a PML4 entry is reserved */
		table = entry & PTE_ADDR_MASK;
	}
	return ST_INVAL;
}

int guest_fetch(const struct guest_paging *pg, gpa_read_fn read, void *ctx, uint64_t la,
		uint8_t *dst, size_t len, gpa_t *failed)
{
	while (len > 0) {
		size_t chunk = PAGE_SIZE - (la & PAGE_MASK);
		gpa_t gpa;
		int st = guest_translate(pg, read, ctx, la, &gpa, failed);

		if (chunk > len)
			chunk = len;
		if (st == ST_OK) {
			st = read(ctx, gpa, dst, chunk);
			*failed = gpa;
		}
		if (st != ST_OK)
			return st;
		la += chunk;
		dst += chunk;
		len -= chunk;
	}
	return ST_OK;
}
