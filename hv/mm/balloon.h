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

/*
 * Checks every entry of a list the guest sent, before anything changes:
 * HC_E_RANGE for a page outside the guest, HC_E_DUPLICATE for a page listed
 * twice, HC_E_BALLOONED (inflate) for a page already ballooned,
 * HC_E_NOT_BALLOONED (deflate) for one that is not; 0 when the list is
 * good. n must be 1..HC_BALLOON_BATCH_MAX; scratch holds n entries.
 */
int balloon_check(const struct p2m *p, enum balloon_op op,
		  const uint64_t *gfns, unsigned n, uint64_t *scratch);

/*
 * Applies a checked list: inflate puts each page in the balloon and frees
 * its machine page if it had one; deflate makes each page untouched again.
 * Returns the number of machine pages freed (inflate; the caller then
 * invalidates the guest's cached translations once), 0 for deflate, or a
 * negative status if the p2m broke, which the caller treats as a bug.
 */
int balloon_apply(struct p2m *p, enum balloon_op op, const uint64_t *gfns,
		  unsigned n);

#endif
