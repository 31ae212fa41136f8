/*
 * The hypervisor side of the balloon (virtio-balloon's semantics, with
 * Ballast's hypercalls): checking a guest's inflate or deflate list, and
 * applying it to the guest's p2m. Plain C over the p2m: the unit tests run
 * it on the host.
 */
#ifndef HV_MM_BALLOON_H
#define HV_MM_BALLOON_H

#include <ballast/hypercall.h>

#include "hv/mm/p2m.h"

enum balloon_op { BALLOON_INFLATE, BALLOON_DEFLATE };

/* A list as the guest sent it, and the copy balloon_check sorts, which
 * the later steps walk (in gfn order, so a table's pages come together). */
struct balloon_list {
	enum balloon_op op;
	const uint64_t *gfns;
	uint64_t *sorted;       /* room for n entries */
	unsigned n;             /* 1..HC_BALLOON_LIST_MAX */
};

/*
 * Checks every entry of a list the guest sent, before anything changes:
 * HC_E_RANGE for a page outside the guest, HC_E_DUPLICATE for a page listed
 * twice, HC_E_BALLOONED (inflate) for a page already ballooned,
 * HC_E_NOT_BALLOONED (deflate) for one that is not; 0 when the list is
 * good. Fills l->sorted.
 */
int balloon_check(const struct p2m *p, const struct balloon_list *l);

/*
 * Creates what applying a checked list needs (the stage-2 tables of inflated
 * pages that have none yet), so that balloon_apply cannot fail half-way.
 * ST_OK when ready; ST_NOMEM when the machine has no page for a table,
 * ST_FULL when the guest's tables would pass their limit: then the tables
 * it made are freed again, the caller refuses the list whole (HC_E_AGAIN,
 * HC_E_LIMIT) and invalidates cached translations, as s2_trim asks. Any
 * other status is a broken p2m.
 */
int balloon_prepare(struct p2m *p, const struct balloon_list *l);

/* Called for each swapped page an inflate list took: its slot's content
 * is dropped (the guest gave the page up), so the slot must be freed. */
typedef void (*balloon_discard_fn)(void *ctx, gfn_t gfn, slot_t slot);

/*
 * Applies a checked, prepared list: inflate puts each page in the balloon,
 * frees its machine page if it had one and hands its swap slot to discard
 * if it had one; deflate makes each page untouched again and frees the
 * tables left holding nothing. Returns how many machine pages and tables
 * were freed (when any, the caller invalidates the guest's cached
 * translations once), or a negative status if the p2m broke: a bug, as
 * check and prepare leave nothing that can fail.
 */
int balloon_apply(struct p2m *p, const struct balloon_list *l,
		  balloon_discard_fn discard, void *ctx);

#endif
