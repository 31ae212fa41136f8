/*
 * Balloon lists: all or nothing. A list is checked whole before any page
 * changes, so a guest that sends one bad entry loses nothing and the
 * hypervisor has nothing to undo. Duplicates are found by sorting a copy
 * (heapsort: O(n log n), no recursion, no allocation), which then lets
 * the steps after the check take the pages of one stage-2 table together.
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

/* A driver that takes pages from its allocator lowest first sends them in
 * order: such a list needs no sort. */
static bool in_order(const uint64_t *a, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		if (a[i] < a[i - 1])
			return false;
	return true;
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

int balloon_check(const struct p2m *p, const struct balloon_list *l)
{
	for (unsigned i = 0; i < l->n; i++) {
		int err = check_entry(p, l->op, l->gfns[i]);

		if (err)
			return err;
	}
	memcpy(l->sorted, l->gfns, l->n * sizeof(*l->gfns));
	if (!in_order(l->sorted, l->n))
		heapsort(l->sorted, l->n);
	for (unsigned i = 1; i < l->n; i++)
		if (l->sorted[i] == l->sorted[i - 1])
			return HC_E_DUPLICATE;
	return 0;
}

/* Pages of one leaf table are neighbours in the sorted list: one walk
 * serves them all. */
static bool same_table(const struct balloon_list *l, unsigned i)
{
	return i > 0 && l->sorted[i] >> S2_LEVEL_BITS ==
			l->sorted[i - 1] >> S2_LEVEL_BITS;
}

/* Frees the tables among sorted[0..n) that hold nothing; their count, or
 * a negative status. */
static int trim(struct p2m *p, const struct balloon_list *l, unsigned n)
{
	int freed = 0;

	for (unsigned i = 0; i < n; i++) {
		int st = same_table(l, i) ? 0 : p2m_trim(p, l->sorted[i]);

		if (st < 0)
			return st;
		freed += st;
	}
	return freed;
}

int balloon_prepare(struct p2m *p, const struct balloon_list *l)
{
	for (unsigned i = 0; l->op == BALLOON_INFLATE && i < l->n; i++) {
		int st = same_table(l, i) ? ST_OK : p2m_prepare(p, l->sorted[i]);

		int trimmed;

		if (st == ST_OK)
			continue;
		/* Tables made for the pages up to i hold nothing yet. */
		trimmed = trim(p, l, i + 1);
		return trimmed < 0 ? trimmed : st;
	}
	return ST_OK;
}

static int inflate(struct p2m *p, const struct balloon_list *l,
		   balloon_discard_fn discard, void *ctx)
{
	int freed = 0;

	for (unsigned i = 0; i < l->n; i++) {
		slot_t slot;
		int was = p2m_balloon(p, l->sorted[i], &slot);

		if (was < 0)
			return was;
		if (was == P2M_SWAPPED)
			discard(ctx, l->sorted[i], slot);
		freed += was == P2M_MAPPED;
	}
	return freed;
}

static int deflate(struct p2m *p, const struct balloon_list *l)
{
	for (unsigned i = 0; i < l->n; i++) {
		int st = p2m_unballoon(p, l->sorted[i]);

		if (st < 0)
			return st;
	}
	return trim(p, l, l->n);
}

int balloon_apply(struct p2m *p, const struct balloon_list *l,
		  balloon_discard_fn discard, void *ctx)
{
	if (l->op == BALLOON_INFLATE)
		return inflate(p, l, discard, ctx);
	return deflate(p, l);
}
