/*
 * Swap victims: per guest, the pages the swapper may take, with a uniform
 * random pick that costs O(1) expected however large the guest is and
 * however few of its pages are mapped. (Probing random page numbers and
 * then scanning every one of them, with a stage-2 walk each, hung a run whose
 * guest had a large memory and touched little of it.)
 *
 * A set is a dense array of gfns: the swapper adds a page when it maps it
 * (victims_add) and takes a random entry to swap out (victims_take).
 * Pages also leave a guest by ways that do not tell the set (the balloon
 * unmaps them), so an entry is checked when it is drawn: it is valid when
 * its gfn is mapped to a machine page whose back index points at the
 * entry. Where the back index and the pages live is the store's (struct
 * victims_ops): the hypervisor keeps one uint32_t per machine page, shared
 * by every guest's set (a machine page is mapped in one guest at a time),
 * and takes the pages from pmem (hv/mm/victim_index.h); the simulator
 * keeps one per guest page and counts the pages as its hypervisor's, so
 * that both draw the same victims and spend the same pages. A stale
 * entry, or a duplicate of a page ballooned and mapped again, is dropped
 * when drawn, and a sweep drops them all once the array holds more than
 * twice the pages the guest maps: every operation is O(1) amortized, and
 * the array stays under twice the guest's mapped pages plus
 * VICTIMS_SLACK.
 *
 * Memory: a set takes a page per 512 entries as it grows (and a directory
 * page per 512 of those), given back as it shrinks and at
 * victims_destroy. victims_reserve gets the page the next add needs, so
 * that an add cannot fail after the guest's page was mapped.
 */
#ifndef HV_MM_VICTIMS_H
#define HV_MM_VICTIMS_H

#include "hv/lib/types.h"
#include "hv/mm/prng.h"

#define VICTIMS_SLACK 64
#define VICTIMS_PER_PAGE (PAGE_SIZE / sizeof(gfn_t))
/* 9 * 512 * 512 entries: over twice the 2^20 machine pages the
 * hypervisor reaches (hv/mm/victim_index.h). */
#define VICTIMS_DIRS 9

/* A set's storage: store is shared by the sets, owner is the guest. */
struct victims_ops {
	/* A page for entries or a directory; NULL when none is free. */
	void *(*alloc)(void *store);
	void (*free)(void *store, void *page);
	/* The back index's slot for owner's page gfn if it is mapped, else
	 * NULL. The slot stays the page's while it is mapped. */
	uint32_t *(*back)(void *store, const void *owner, gfn_t gfn);
	/* Pages owner maps now. */
	uint64_t (*mapped)(const void *owner);
};

struct victims {
	const struct victims_ops *ops;
	void *store;
	const void *owner;
	gfn_t first;               /* pages below it are never victims */
	uint64_t n;                /* entries, stale ones included */
	uint64_t capacity;         /* entries the allocated pages hold */
	gfn_t **dir[VICTIMS_DIRS]; /* each: 512 entry pages */
	uint64_t checks;           /* entries checked: the cost, for tests */
};

/* An empty set of owner's pages at or above first. */
void victims_init(struct victims *v, const struct victims_ops *ops,
		  void *store, const void *owner, gfn_t first);

/* Room for one more entry: ST_OK, or ST_NOMEM when no page is free for
 * it (the caller waits as for a guest page). */
int victims_reserve(struct victims *v);

/* gfn was just mapped; after victims_reserve. Pages below first are
 * ignored. ST_NOMEM without a reserve, ST_NOENT if gfn is not mapped. */
int victims_add(struct victims *v, gfn_t gfn);

/* Draws a mapped page uniformly at random and takes it out of the set
 * (the caller swaps it out, or adds it back if that fails). ST_NOENT
 * when the guest maps no page at or above first. */
int victims_take(struct victims *v, struct prng *rng, gfn_t *gfn);

/* Entries now, stale ones included; at most 2 * mapped + VICTIMS_SLACK. */
uint64_t victims_entries(const struct victims *v);

/* Pages the set holds: its entry pages and directories. */
uint64_t victims_pages(const struct victims *v);

/* Gives back every page the set holds; the set is empty again. */
void victims_destroy(struct victims *v);

#endif
