/*
 * p2m: a guest's physical-to-machine map. It knows the guest's size and
 * keeps every guest page in one state (docs/design.md section 5): untouched,
 * mapped, and later ballooned or swapped. The states live in the stage-2
 * entries themselves (a mapped leaf, or soft bits in a non-present one;
 * hv/mm/stage2.h, whose format the back end picked at boot supplies),
 * so a guest page costs the hypervisor its 8-byte leaf entry, and a whole
 * table page where no other page of its 2 MiB region needs one: that cost
 * is bounded per guest (P2M_TABLE_SHARE) and charged to it
 * (p2m_held_pages).
 */
#ifndef HV_MM_P2M_H
#define HV_MM_P2M_H

#include "hv/lib/types.h"
#include "hv/mm/pmem.h"
#include "hv/mm/stage2.h"

/* A guest page's state (docs/design.md section 5). */
enum p2m_state {
	P2M_UNTOUCHED,  /* no machine page; the first touch maps a zeroed one */
	P2M_MAPPED,     /* holds a machine page */
	P2M_BALLOONED,  /* given up through the balloon; touching it is fatal */
	P2M_SWAPPED,    /* content in a swap slot; a touch reads it back */
};

struct p2m {
	struct stage2 s2;
	struct pmem *pmem;
	gfn_t nr_gfns;          /* the guest's memory, in pages */
	uint64_t loaded_pages;  /* mapped by the hypervisor before the guest ran */
	uint64_t demand_pages;  /* mapped on the guest's first touch */
	uint64_t mapped_pages;  /* mapped now: "memory granted" */
	uint64_t ballooned_pages;
	uint64_t swapped_pages;
};

/*
 * The stage-2 tables a guest's balloon may take it to (s2.table_limit): a
 * share of machine memory, so that ballooning pages no table covers yet
 * (one in each 2 MiB region) costs the hypervisor a bounded amount that is
 * the guest's, not the machine's. An honest guest's balloon needs about one
 * table per 512 pages it gave up: far less. Mapping a page the guest
 * touches is never refused for tables: those hold its pages.
 */
#define P2M_TABLE_SHARE 32  /* 1/32 of the machine's pages */
#define P2M_TABLE_FLOOR 8   /* the top levels and a few leaves */

/*
 * What the guest holds, for the policy: its mapped pages, and the stage-2
 * tables it made the hypervisor spend beyond what its pages need (one leaf
 * table per 512 pages mapped, ballooned or swapped, and P2M_TABLE_FLOOR
 * for the levels above and partly used leaves). A guest that scatters its
 * balloon over many 2 MiB regions is then the one reclaimed from, not its
 * neighbours; a guest whose tables are dense is charged its pages only.
 */
static inline uint64_t p2m_held_pages(const struct p2m *p)
{
	uint64_t entries = p->mapped_pages + p->ballooned_pages +
			   p->swapped_pages;
	uint64_t need = entries / S2_ENTRIES + P2M_TABLE_FLOOR;

	return p->mapped_pages +
	       (p->s2.table_pages > need ? p->s2.table_pages - need : 0);
}

/* A guest of memory_bytes (a multiple of PAGE_SIZE) whose tables have the
 * format s2 (the back end's, virt_stage2()). ST_RANGE for memory past the
 * format's reach (s2->gfn_limit_max pages). */
int p2m_init(struct p2m *p, struct pmem *pmem, const struct stage2_ops *s2,
	     uint64_t memory_bytes);

/*
 * The guest touched gpa and its stage-2 tables did not allow it. Maps a
 * zeroed page for what fault_classify (hv/mm/fault.h) calls demand and
 * returns ST_OK, or
 * ST_NOMEM when no machine page is free; any other class is refused by
 * its status: ST_RANGE outside the guest's memory, ST_EXIST when the page
 * is already mapped (spurious), ST_DENIED when the guest ballooned it,
 * ST_INVAL when it is swapped (the caller swaps it in).
 */
int p2m_fault(struct p2m *p, gpa_t gpa);

/* The state of gfn, which must be inside the guest. */
enum p2m_state p2m_state_of(const struct p2m *p, gfn_t gfn);

/* Makes sure gfn's entry has its tables, so that p2m_balloon on it cannot
 * fail: s2_prepare's statuses (ST_FULL at the guest's table limit,
 * ST_NOMEM when the machine has no page for a table). */
int p2m_prepare(struct p2m *p, gfn_t gfn);

/*
 * Puts a prepared page that is not ballooned into the balloon. Returns
 * what it was: P2M_MAPPED (its machine page was freed; the caller then
 * invalidates cached translations), P2M_SWAPPED (its content is dropped:
 * the caller frees swap slot *slot), P2M_UNTOUCHED; or a negative status.
 */
int p2m_balloon(struct p2m *p, gfn_t gfn, slot_t *slot);

/* Takes a ballooned page out of the balloon: it is untouched again. */
int p2m_unballoon(struct p2m *p, gfn_t gfn);

/* Frees gfn's tables if they hold nothing any more (see s2_trim): how
 * many went back, or a negative status. The caller invalidates. */
int p2m_trim(struct p2m *p, gfn_t gfn);

/*
 * Swapping, in two steps around the disk I/O, so that a failed write or
 * read changes nothing. p2m_swap_out_begin hands the machine page of a
 * mapped gfn to swap I/O (owner in flight) and gives its mfn;
 * p2m_swap_out_end then either (ok) unmaps it, records the slot and frees
 * the page (the caller invalidates), or (!ok) gives it back to the guest.
 * p2m_swap_in_begin gives a page (in flight) to read the slot into;
 * p2m_swap_in_end maps it (ok) or frees it (!ok; the page stays swapped).
 */
int p2m_swap_out_begin(struct p2m *p, gfn_t gfn, mfn_t *mfn);
int p2m_swap_out_end(struct p2m *p, gfn_t gfn, mfn_t mfn, slot_t slot, bool ok);
int p2m_swap_in_begin(struct p2m *p, gfn_t gfn, slot_t *slot, mfn_t *mfn);
int p2m_swap_in_end(struct p2m *p, gfn_t gfn, mfn_t mfn, bool ok);

/* Whether the guest accessed mapped gfn since the last call (see
 * s2_test_and_clear_accessed); ST_NOENT when gfn is not mapped. */
int p2m_test_and_clear_accessed(struct p2m *p, gfn_t gfn, bool *accessed);

/* Calls fn for every swapped page (to free its slot when the guest ends). */
int p2m_for_each_swapped(const struct p2m *p,
			 int (*fn)(void *ctx, gfn_t gfn, slot_t slot),
			 void *ctx);

/* Copies into guest memory at gpa, mapping zeroed pages as needed: how the
 * hypervisor loads a guest. They count as loaded, not demand, pages. */
int p2m_write(struct p2m *p, gpa_t gpa, const void *src, size_t len);

/* Maps zeroed pages over [gpa, gpa + len) that are not mapped yet. */
int p2m_populate(struct p2m *p, gpa_t gpa, size_t len);

/* Copies out of guest memory; ST_RANGE outside the guest, ST_NOENT when
 * a page is not mapped (the guest never wrote it, or it was reclaimed). */
int p2m_read(const struct p2m *p, gpa_t gpa, void *dst, size_t len);

/* Frees every page of the guest and its tables. */
int p2m_destroy(struct p2m *p);

#endif
