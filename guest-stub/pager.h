/*
 * The guest stub's pager: the resident set of its virtual heap (vm.h) in
 * frames from the allocator (palloc.h), clock replacement, and the paging
 * area on the hypervisor's disk (HC_BLOCK_IO) that evicted pages go to.
 * Page slot N of the area holds vpn N. Without a paging area nothing can
 * be evicted: the heap then lives in the frames it has, as in a guest
 * with no page file.
 */
#ifndef GUEST_STUB_PAGER_H
#define GUEST_STUB_PAGER_H

#include <stdbool.h>
#include <stdint.h>

/* For vpns [0, pages): asks the hypervisor for the paging area and makes
 * the page tables. False when the tables do not fit. */
bool pager_init(uint64_t pages);

/* A fresh frame for vpn, mapped (contents undefined), evicting another
 * page if none is free. False when there is no frame and nothing to
 * evict. */
bool pager_alloc(uint64_t vpn);
/* A frame for the kernel's own use (the balloon's): a free one, or one
 * a page was evicted from; 0 when there is neither. */
uint64_t pager_take_frame(void);
/* vpn's contents are dead: its frame goes back, its slot is forgotten. */
void pager_free(uint64_t vpn);

/* A touch of vpn while it is not resident: reads it back (a hard fault).
 * False when vpn was never allocated or no frame can be had. */
bool pager_fault(uint64_t vpn);

/* Evicts cold pages while free frames are under the reserve, so the
 * balloon and new allocations find frames without waiting for a write;
 * at most a bounded batch per call. */
void pager_balance(void);

uint64_t pager_resident(void);   /* heap pages in frames: the working set */
uint64_t pager_reads(void);      /* pages read back: hard faults */
uint64_t pager_writes(void);     /* pages written out */
bool pager_can_page(void);       /* there is a paging area */

#endif
