/*
 * Balloon lists: all or nothing. A list is checked whole before any page
 * changes, so a guest that sends one bad entry loses nothing and the
 * hypervisor has nothing to undo. Duplicates are found by sorting a copy
 * (heapsort: O(n log n), no recursion, no allocation).
 */
#include "hv/mm/balloon.h"

#include "hv/lib/string.h"

static void sift_down(uint64_t *a, unsigned root, unsigned n)
{
	for (unsigned child; (child = 2 * root + 1) < n; root = child) {
		uint64_t t;

		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
	}
}

static void heapsort(uint64_t *a, unsigned n)
{
	for (unsigned i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (unsigned end = n; end-- > 1;) {
		uint64_t t = a[0];

		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end);
	}
}

static int check_entry(const struct p2m *p, enum balloon_op op, uint64_t gfn)
{
	enum p2m_state s;

	if (gfn >= p->nr_gfns)
		return HC_E_RANGE;
	s = p2m_state_of(p, gfn);
	if (op == BALLOON_INFLATE && s == P2M_BALLOONED)
		return HC_E_BALLOONED;
	if (op == BALLOON_DEFLATE && s != P2M_BALLOONED)
		return HC_E_NOT_BALLOONED;
	return 0;
}

int balloon_check(const struct p2m *p, enum balloon_op op,
		  const uint64_t *gfns, unsigned n, uint64_t *scratch)
{
	for (unsigned i = 0; i < n; i++) {
		int err = check_entry(p, op, gfns[i]);

		if (err)
			return err;
	}
	memcpy(scratch, gfns, n * sizeof(*gfns));
	heapsort(scratch, n);
	for (unsigned i = 1; i < n; i++)
		if (scratch[i] == scratch[i - 1])
			return HC_E_DUPLICATE;
	return 0;
}

int balloon_apply(struct p2m *p, enum balloon_op op, const uint64_t *gfns,
		  unsigned n)
{
	int freed = 0;

	for (unsigned i = 0; i < n; i++) {
		int st = op == BALLOON_INFLATE ? p2m_balloon(p, gfns[i])
					       : p2m_unballoon(p, gfns[i]);

		if (st < 0)
			return st;
		freed += st;
	}
	return freed;
}
