/* Uncached device ranges in the boot page tables (see mmio.h). Entry bits
 * from the Intel SDM vol. 3A, section 4.5 (4-level paging). */
#include "hv/arch/x86/mmio.h"

#include "hv/arch/x86/cpu.h"

#define PTE_P (1ull << 0)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_ADDR_MASK 0x000ffffffffff000ull
#define LEVEL_BITS 9
#define LEVEL_MASK ((1u << LEVEL_BITS) - 1)
#define PML4_SHIFT 39
#define PDPT_SHIFT 30
#define PD_SHIFT 21
#define LARGE_PAGE (1ull << PD_SHIFT)
#define IDENTITY_LIMIT (4ull << 30)

static uint64_t *next_table(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & PTE_ADDR_MASK);
}

/* The 2 MiB entry mapping va, or NULL when the walk finds none. */
static uint64_t *pd_entry(uint64_t va)
{
	uint64_t *pml4 = next_table(read_cr3());
	uint64_t e = pml4[(va >> PML4_SHIFT) & LEVEL_MASK];
	uint64_t *pdpt, *pd;

	if (!(e & PTE_P))
		return NULL;
	pdpt = next_table(e);
	e = pdpt[(va >> PDPT_SHIFT) & LEVEL_MASK];
	if (!(e & PTE_P) || (e & PTE_PS))
		return NULL;
	pd = next_table(e);
	e = pd[(va >> PD_SHIFT) & LEVEL_MASK];
	if (!(e & PTE_P) || !(e & PTE_PS))
		return NULL;
	return &pd[(va >> PD_SHIFT) & LEVEL_MASK];
}

int mmio_map_uncached(maddr_t base, uint64_t len)
{
	if (!len || base >= IDENTITY_LIMIT || len > IDENTITY_LIMIT - base)
		return ST_RANGE;
	for (uint64_t va = base & ~(LARGE_PAGE - 1); va < base + len;
	     va += LARGE_PAGE) {
		uint64_t *e = pd_entry(va);

		if (!e)
			return ST_RANGE;
		*e |= PTE_PCD | PTE_PWT;
		__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
	}
	return ST_OK;
}
