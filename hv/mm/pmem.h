/*
 * pmem: the machine page allocator. It owns every usable machine page and
 * records, for each one, who holds it: free, the hypervisor, a guest, or
 * swap I/O in flight. Counters per owner always add up to the managed total.
 *
 * Cost: one owner byte per page of the span [lowest, highest) of managed
 * memory, carved out of managed memory itself (hypervisor-owned, counted).
 * The free list costs nothing more: a free page's first 8 bytes hold the
 * next free mfn. Pages are identity-mapped, so mfn_ptr(mfn) reaches them.
 *
 * Initialisation, in this order:
 *   pmem_init(p)                 an empty allocator, no pages
 *   pmem_add_range(p, s, e) ...  once per usable range of the memory map
 *   pmem_commit(p)               places the owner array, builds the free list
 * Then pmem_alloc / pmem_free / pmem_set_owner. Ranges added after commit
 * are refused. Allocation order depends only on the ranges and on the
 * sequence of calls: the free list is LIFO and starts in ascending mfn order.
 *
 * The allocator does not zero pages: a page freed by one guest and given to
 * another must be cleared by the caller (page_zero).
 */
#ifndef HV_MM_PMEM_H
#define HV_MM_PMEM_H

#include "hv/lib/types.h"

/* Enough for the usable entries of real e820 and UEFI memory maps. */
#define PMEM_MAX_RANGES 32

/* x86-64 physical addresses have at most 52 bits (SDM vol. 3, 4.1.4). */
#define PMEM_MADDR_LIMIT (1ull << 52)

/* Stored as one byte per page; PMEM_UNMANAGED is 0 so a cleared array means
 * "nothing managed". */
enum pmem_owner {
	PMEM_UNMANAGED = 0, /* hole in the span, or outside it */
	PMEM_FREE,          /* on the free list */
	PMEM_HYPERVISOR,    /* hypervisor data: owner array, stage-2 tables, ... */
	PMEM_GUEST,         /* mapped into a guest */
	PMEM_INFLIGHT,      /* held by swap I/O between guest and disk */
	PMEM_NR_OWNERS,
};

/* A range of machine pages, [start, end). */
struct pmem_range {
	mfn_t start;
	mfn_t end;
};

struct pmem {
	struct pmem_range ranges[PMEM_MAX_RANGES];
	size_t nranges;
	bool committed;
	mfn_t base;              /* first mfn of the span */
	uint64_t span_pages;     /* length of the span and of the owner array */
	uint8_t *owner;          /* owner[mfn - base], an enum pmem_owner */
	mfn_t free_head;         /* MFN_INVALID when no page is free */
	uint64_t total;          /* managed pages: every owner but UNMANAGED */
	uint64_t count[PMEM_NR_OWNERS]; /* pages per owner within the span */
};

/* Makes p an empty allocator; cannot fail. */
void pmem_init(struct pmem *p);

/*
 * Adds usable machine memory [start, end), trimmed inward to whole pages;
 * page 0 is never managed (its address is the null pointer). Refuses with
 * ST_INVAL an empty range or a call after commit, ST_RANGE a range beyond
 * PMEM_MADDR_LIMIT, ST_EXIST one overlapping an added range, ST_FULL the
 * range after PMEM_MAX_RANGES.
 */
int pmem_add_range(struct pmem *p, maddr_t start, maddr_t end);

/*
 * Places the owner array at the start of the lowest range large enough for
 * it, marks it hypervisor-owned and puts every other page on the free list.
 * ST_INVAL when no range was added or already committed, ST_NOMEM when no
 * range can hold the array.
 */
int pmem_commit(struct pmem *p);

/* O(1). A page for owner (HYPERVISOR, GUEST or INFLIGHT), not zeroed;
 * MFN_INVALID when no page is free or owner is not one of those. */
mfn_t pmem_alloc(struct pmem *p, enum pmem_owner owner);

/*
 * O(1). Returns a page held by expected to the free list. ST_RANGE for an
 * mfn that is not managed, ST_INVAL when its owner is not expected (a double
 * free among them) or expected is FREE or UNMANAGED. Nothing changes then.
 */
int pmem_free(struct pmem *p, mfn_t mfn, enum pmem_owner expected);

/* O(1). Hands an allocated page from one allocated owner to another (guest
 * -> in flight for swap-out); same refusals as pmem_free. */
int pmem_set_owner(struct pmem *p, mfn_t mfn, enum pmem_owner from,
		   enum pmem_owner to);

/* The owner of mfn; PMEM_UNMANAGED outside the span. */
enum pmem_owner pmem_owner_of(const struct pmem *p, mfn_t mfn);

/* Pages held by owner (UNMANAGED: holes in the span); 0 for a bad owner. */
uint64_t pmem_count(const struct pmem *p, enum pmem_owner owner);

/* Managed pages: the sum of every owner's count but UNMANAGED. */
uint64_t pmem_total(const struct pmem *p);

/*
 * Walks the owner array and the free list: ST_OK when the counts match the
 * array and add up to the total and the free list holds exactly the free
 * pages; ST_INVAL otherwise. O(span): for debug builds and tests.
 */
int pmem_check(const struct pmem *p);

/* Clears a machine page. */
void page_zero(mfn_t mfn);

#endif
