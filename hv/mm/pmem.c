/*
 * The machine page allocator: owner byte array, in-page free list, counters.
 * See pmem.h for the contract and the initialisation order.
 */
#include "hv/mm/pmem.h"

#include "hv/lib/string.h"

_Static_assert(PMEM_NR_OWNERS <= 256, "an owner must fit in one byte");
_Static_assert(sizeof(mfn_t) <= PAGE_SIZE, "a free page must hold a link");

/* The free-list link kept in the first bytes of a free page. */
static mfn_t *link_of(mfn_t mfn)
{
	return mfn_ptr(mfn);
}

static bool is_allocated_owner(enum pmem_owner o)
{
	return o > PMEM_FREE && o < PMEM_NR_OWNERS;
}

static bool overlaps(const struct pmem_range *a, mfn_t start, mfn_t end)
{
	return start < a->end && a->start < end;
}

void pmem_init(struct pmem *p)
{
	memset(p, 0, sizeof(*p));
	p->free_head = MFN_INVALID;
}

int pmem_add_range(struct pmem *p, maddr_t start, maddr_t end)
{
	if (p->committed || start >= end)
		return ST_INVAL;
	if (end > PMEM_MADDR_LIMIT)
		return ST_RANGE;
	mfn_t first = (start + PAGE_MASK) >> PAGE_SHIFT;
	mfn_t last = end >> PAGE_SHIFT;

	/* Page 0 is the null pointer under the identity map. */
	if (first == 0)
		first = 1;
	if (first >= last)
		return ST_INVAL;
	for (size_t i = 0; i < p->nranges; i++) {
		if (overlaps(&p->ranges[i], first, last))
			return ST_EXIST;
	}
	if (p->nranges == PMEM_MAX_RANGES)
		return ST_FULL;
	p->ranges[p->nranges++] = (struct pmem_range){ first, last };
	return ST_OK;
}

/* Sets the owner of [start, end), moving each page between the counters. */
static void mark(struct pmem *p, mfn_t start, mfn_t end, enum pmem_owner o)
{
	for (mfn_t mfn = start; mfn < end; mfn++) {
		uint8_t *b = &p->owner[mfn - p->base];

		p->count[*b]--;
		p->count[o]++;
		*b = (uint8_t)o;
	}
}

/* The span [lowest start, highest end) covering every added range. */
static struct pmem_range find_span(const struct pmem *p)
{
	struct pmem_range span = { MFN_INVALID, 0 };

	for (size_t i = 0; i < p->nranges; i++) {
		if (p->ranges[i].start < span.start)
			span.start = p->ranges[i].start;
		if (p->ranges[i].end > span.end)
			span.end = p->ranges[i].end;
	}
	return span;
}

/* The lowest range with at least pages pages, or NULL. */
static const struct pmem_range *lowest_fit(const struct pmem *p,
					   uint64_t pages)
{
	const struct pmem_range *best = NULL;

	for (size_t i = 0; i < p->nranges; i++) {
		const struct pmem_range *r = &p->ranges[i];

		if (r->end - r->start < pages)
			continue;
		if (!best || r->start < best->start)
			best = r;
	}
	return best;
}

/* Links every free page, lowest mfn at the head, so that a fresh allocator
 * hands out pages in ascending order. */
static void build_free_list(struct pmem *p)
{
	for (uint64_t i = p->span_pages; i-- > 0;) {
		if (p->owner[i] != PMEM_FREE)
			continue;
		*link_of(p->base + i) = p->free_head;
		p->free_head = p->base + i;
	}
}

int pmem_commit(struct pmem *p)
{
	if (p->committed || p->nranges == 0)
		return ST_INVAL;
	struct pmem_range span = find_span(p);
	uint64_t span_pages = span.end - span.start;
	uint64_t array_pages = (span_pages + PAGE_MASK) >> PAGE_SHIFT;
	const struct pmem_range *home = lowest_fit(p, array_pages);

	if (!home)
		return ST_NOMEM;
	p->base = span.start;
	p->span_pages = span_pages;
	p->owner = mfn_ptr(home->start);
	memset(p->owner, PMEM_UNMANAGED, span_pages);
	p->count[PMEM_UNMANAGED] = span_pages;
	for (size_t i = 0; i < p->nranges; i++)
		mark(p, p->ranges[i].start, p->ranges[i].end, PMEM_FREE);
	mark(p, home->start, home->start + array_pages, PMEM_HYPERVISOR);
	p->total = span_pages - p->count[PMEM_UNMANAGED];
	build_free_list(p);
	p->committed = true;
	return ST_OK;
}

mfn_t pmem_alloc(struct pmem *p, enum pmem_owner owner)
{
	mfn_t mfn = p->free_head;

	if (mfn == MFN_INVALID || !is_allocated_owner(owner))
		return MFN_INVALID;
	p->free_head = *link_of(mfn);
	mark(p, mfn, mfn + 1, owner);
	return mfn;
}

/* ST_OK when mfn is managed and held by o, which must be an allocated
 * owner; the refusals of pmem_free otherwise. */
static int held_by(const struct pmem *p, mfn_t mfn, enum pmem_owner o)
{
	enum pmem_owner now = pmem_owner_of(p, mfn);

	if (now == PMEM_UNMANAGED)
		return ST_RANGE;
	if (now != o || !is_allocated_owner(o))
		return ST_INVAL;
	return ST_OK;
}

int pmem_free(struct pmem *p, mfn_t mfn, enum pmem_owner expected)
{
	int st = held_by(p, mfn, expected);

	if (st != ST_OK)
		return st;
	*link_of(mfn) = p->free_head;
	p->free_head = mfn;
	mark(p, mfn, mfn + 1, PMEM_FREE);
	return ST_OK;
}

int pmem_set_owner(struct pmem *p, mfn_t mfn, enum pmem_owner from,
		   enum pmem_owner to)
{
	int st = held_by(p, mfn, from);

	if (st != ST_OK)
		return st;
	if (!is_allocated_owner(to))
		return ST_INVAL;
	mark(p, mfn, mfn + 1, to);
	return ST_OK;
}

enum pmem_owner pmem_owner_of(const struct pmem *p, mfn_t mfn)
{
	/* Unsigned wrap-around sends mfn < base past span_pages too. */
	if (mfn - p->base >= p->span_pages)
		return PMEM_UNMANAGED;
	return (enum pmem_owner)p->owner[mfn - p->base];
}

uint64_t pmem_count(const struct pmem *p, enum pmem_owner owner)
{
	if ((unsigned)owner >= PMEM_NR_OWNERS)
		return 0;
	return p->count[owner];
}

uint64_t pmem_total(const struct pmem *p)
{
	return p->total;
}

/* The owner array tallied against the counters. */
static bool counts_match(const struct pmem *p)
{
	uint64_t tally[PMEM_NR_OWNERS] = { 0 };

	for (uint64_t i = 0; i < p->span_pages; i++) {
		if (p->owner[i] >= PMEM_NR_OWNERS)
			return false;
		tally[p->owner[i]]++;
	}
	uint64_t managed = 0;

	for (int o = 0; o < PMEM_NR_OWNERS; o++) {
		if (tally[o] != p->count[o])
			return false;
		if (o != PMEM_UNMANAGED)
			managed += tally[o];
	}
	return managed == p->total;
}

/* The free list holds only free pages, exactly count[FREE] of them: a cycle
 * or a stray page would make it longer or cross a non-free page. */
static bool free_list_matches(const struct pmem *p)
{
	uint64_t n = 0;

	for (mfn_t mfn = p->free_head; mfn != MFN_INVALID; mfn = *link_of(mfn)) {
		if (n++ == p->count[PMEM_FREE])
			return false;
		if (pmem_owner_of(p, mfn) != PMEM_FREE)
			return false;
	}
	return n == p->count[PMEM_FREE];
}

int pmem_check(const struct pmem *p)
{
	if (!counts_match(p) || !free_list_matches(p))
		return ST_INVAL;
	return ST_OK;
}

void page_zero(mfn_t mfn)
{
	memset(mfn_ptr(mfn), 0, PAGE_SIZE);
}
