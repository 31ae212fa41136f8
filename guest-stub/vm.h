/*
 * The guest stub's own page tables for its virtual heap region: 4 KiB
 * pages from VM_BASE up, above the identity map the hypervisor starts it
 * with (include/ballast/guest.h), so a heap page can live in any frame, or
 * in none while it is paged out. Virtual page numbers (vpn) count from
 * VM_BASE.
 */
#ifndef GUEST_STUB_VM_H
#define GUEST_STUB_VM_H

#include <stdbool.h>
#include <stdint.h>

#define VM_BASE (1ull << 30)          /* the start map ends here */
/* 256 MiB of heap: a quarter of one page directory. The pager's and the
 * heap's bitmaps are sized by it, and they are bss, which every guest
 * gets mapped before it runs; the scenarios' heaps are at most 48 MiB. */
#define VM_MAX_PAGES (1ull << 16)

/* Makes the page directory and the page tables for vpns [0, pages), from
 * the allocator. False when pages is too large or frames ran out. */
bool vm_init(uint64_t pages);

/* Maps vpn to frame gfn, writable, not accessed and clean. */
void vm_map(uint64_t vpn, uint64_t gfn);
/* Unmaps vpn (which must be mapped) and returns its frame. */
uint64_t vm_unmap(uint64_t vpn);

bool vm_present(uint64_t vpn);
/* The accessed bit, cleared as it is read: the clock's reference bit. */
bool vm_test_and_clear_accessed(uint64_t vpn);
bool vm_dirty(uint64_t vpn);
uint64_t vm_frame(uint64_t vpn);

static inline volatile uint64_t *vm_ptr(uint64_t vpn)
{
	return (volatile uint64_t *)(uintptr_t)(VM_BASE + (vpn << 12));
}

/* The vpn of a virtual address, or VM_MAX_PAGES when outside the region. */
uint64_t vm_vpn_of(uint64_t va);

#endif
