/*
 * The hypervisor's store for swap victim sets (hv/mm/victims.h): entry
 * and directory pages from pmem as the hypervisor's, and the back index,
 * one uint32_t per machine page, shared by every guest's set (a machine
 * page is mapped in one guest at a time). A set's owner is its guest's
 * p2m: a page's slot is found through its stage-2 entry.
 *
 * Memory: the index takes span / 1024 hypervisor pages of pmem at
 * victims_index_init.
 */
#ifndef HV_MM_VICTIM_INDEX_H
#define HV_MM_VICTIM_INDEX_H

#include "hv/mm/p2m.h"
#include "hv/mm/victims.h"

/* Machine pages the index covers: the 4 GiB the hypervisor reaches. */
#define VICTIMS_MAX_MFNS (1ull << 20)

struct victim_index {
	struct pmem *pmem;
	mfn_t base;
	uint64_t span;
	uint32_t *page[VICTIMS_MAX_MFNS / (PAGE_SIZE / sizeof(uint32_t))];
};

/* The ops for victims_init: store a struct victim_index, owner the
 * guest's struct p2m. */
extern const struct victims_ops victim_index_ops;

/* Takes the index's pages for pmem's whole span. ST_NOMEM when pmem has
 * too few free pages, ST_RANGE for a span over VICTIMS_MAX_MFNS. */
int victims_index_init(struct victim_index *x, struct pmem *pmem);
/* Gives the index's pages back. */
void victims_index_destroy(struct victim_index *x);

#endif
