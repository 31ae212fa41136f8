/*
 * The stub's page tables over its heap region (see vm.h). The start PDPT
 * (include/ballast/guest.h) maps 0..1 GiB with its first entry; its
 * second entry takes one page directory of ours, whose page tables map
 * 4 KiB pages. Page tables are made up front, so mapping a page never
 * needs a frame, and the pager never has to find one while it is short.
 */
#include "guest-stub/vm.h"

#include <ballast/guest.h>

#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"

#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_A (1ull << 5)
#define PTE_D (1ull << 6)
#define PTE_ADDR 0x000ffffffffff000ull
#define ENTRIES 512
#define START_PDPT_GPA 0x2000ull
#define VM_PDPT_INDEX (VM_BASE >> 30)

_Static_assert(VM_BASE == GUEST_MAPPED_LIMIT, "heap region right above the start map");
_Static_assert(VM_MAX_PAGES <= ENTRIES * ENTRIES && VM_MAX_PAGES % ENTRIES == 0,
	       "whole page tables in one page directory");

static uint64_t *pd;
static uint64_t *pt[VM_MAX_PAGES / ENTRIES];

static uint64_t *zeroed_table(void)
{
	uint64_t g = palloc_get();
	uint64_t *t = g ? gfn_ptr(g) : 0;

	for (unsigned i = 0; t && i < ENTRIES; i++)
		t[i] = 0;
	return t;
}

bool vm_init(uint64_t pages)
{
	uint64_t *pdpt = (uint64_t *)(uintptr_t)START_PDPT_GPA;

	if (pages > VM_MAX_PAGES || !(pd = zeroed_table()))
		return false;
	for (uint64_t i = 0; i < (pages + ENTRIES - 1) / ENTRIES; i++) {
		if (!(pt[i] = zeroed_table()))
			return false;
		pd[i] = (uint64_t)(uintptr_t)pt[i] | PTE_P | PTE_RW;
	}
	pdpt[VM_PDPT_INDEX] = (uint64_t)(uintptr_t)pd | PTE_P | PTE_RW;
	/* The old (empty) PDPT entry may be cached: reload CR3. */
	__asm__ volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" : : : "rax", "memory");
	return true;
}

static uint64_t *pte(uint64_t vpn)
{
	return &pt[vpn / ENTRIES][vpn % ENTRIES];
}

static void invlpg(uint64_t vpn)
{
	__asm__ volatile("invlpg (%0)" : : "r"(vm_ptr(vpn)) : "memory");
}

void vm_map(uint64_t vpn, uint64_t gfn)
{
	*pte(vpn) = (gfn << 12) | PTE_P | PTE_RW;
}

uint64_t vm_unmap(uint64_t vpn)
{
	uint64_t e = *pte(vpn);

	*pte(vpn) = 0;
	invlpg(vpn);
	return (e & PTE_ADDR) >> 12;
}

bool vm_present(uint64_t vpn)
{
	return *pte(vpn) & PTE_P;
}

bool vm_test_and_clear_accessed(uint64_t vpn)
{
	uint64_t *e = pte(vpn);

	if (!(*e & PTE_A))
		return false;
	*e &= ~PTE_A;
	/* Otherwise a cached translation would never set the bit again. */
	invlpg(vpn);
	return true;
}

bool vm_dirty(uint64_t vpn)
{
	return *pte(vpn) & PTE_D;
}

uint64_t vm_frame(uint64_t vpn)
{
	return (*pte(vpn) & PTE_ADDR) >> 12;
}

uint64_t vm_vpn_of(uint64_t va)
{
	if (va < VM_BASE || va >= VM_BASE + (VM_MAX_PAGES << 12))
		return VM_MAX_PAGES;
	return (va - VM_BASE) >> 12;
}
