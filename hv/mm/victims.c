/* Swap victims (see victims.h). */
#include "hv/mm/victims.h"

#define INDEX_PER_PAGE (PAGE_SIZE / sizeof(uint32_t))
#define PER_DIR (VICTIMS_PER_PAGE * VICTIMS_PER_PAGE)

int victims_index_init(struct victim_index *x, struct pmem *pmem)
{
	uint64_t pages = (pmem->span_pages + INDEX_PER_PAGE - 1) / INDEX_PER_PAGE;

	x->pmem = pmem;
	x->base = pmem->base;
	x->span = 0;
	if (pmem->span_pages > VICTIMS_MAX_MFNS)
		return ST_RANGE;
	for (uint64_t i = 0; i < pages; i++) {
		mfn_t m = pmem_alloc(pmem, PMEM_HYPERVISOR);

		if (m == MFN_INVALID) {
			victims_index_destroy(x);
			return ST_NOMEM;
		}
		page_zero(m);
		x->page[i] = mfn_ptr(m);
		x->span = (i + 1) * INDEX_PER_PAGE;
	}
	return ST_OK;
}

void victims_index_destroy(struct victim_index *x)
{
	for (uint64_t i = 0; i < x->span / INDEX_PER_PAGE; i++)
		pmem_free(x->pmem, ptr_maddr(x->page[i]) >> PAGE_SHIFT,
			  PMEM_HYPERVISOR);
	x->span = 0;
}

void victims_init(struct victims *v, struct victim_index *x,
		  const struct p2m *p, gfn_t first)
{
	*v = (struct victims){ .index = x, .p2m = p, .first = first };
}

static uint32_t *back_index(const struct victims *v, mfn_t mfn)
{
	uint64_t i = mfn - v->index->base;

	return &v->index->page[i / INDEX_PER_PAGE][i % INDEX_PER_PAGE];
}

static mfn_t *dir_slot(const struct victims *v, uint64_t i)
{
	return (mfn_t *)mfn_ptr(v->dir[i / PER_DIR]) +
	       i % PER_DIR / VICTIMS_PER_PAGE;
}

static gfn_t *entry(const struct victims *v, uint64_t i)
{
	return (gfn_t *)mfn_ptr(*dir_slot(v, i)) + i % VICTIMS_PER_PAGE;
}

/* Entry i is valid: its page is mapped and the page's back index says i. */
static bool valid(struct victims *v, uint64_t i, mfn_t *mfn)
{
	v->checks++;
	return ept_lookup(&v->p2m->ept, *entry(v, i), mfn) == ST_OK &&
	       *back_index(v, *mfn) == i;
}

int victims_reserve(struct victims *v)
{
	struct pmem *pm = v->index->pmem;
	uint64_t i = v->capacity;
	mfn_t page;

	if (v->n < v->capacity)
		return ST_OK;
	if (i / PER_DIR >= VICTIMS_DIRS)
		return ST_NOMEM;
	/* A directory taken stays when its first entry page cannot be: the
	 * next try then needs one page, as a guest page does. */
	if (!v->dir[i / PER_DIR]) {
		page = pmem_alloc(pm, PMEM_HYPERVISOR);
		if (page == MFN_INVALID)
			return ST_NOMEM;
		v->dir[i / PER_DIR] = page;
	}
	page = pmem_alloc(pm, PMEM_HYPERVISOR);
	if (page == MFN_INVALID)
		return ST_NOMEM;
	*dir_slot(v, i) = page;
	v->capacity += VICTIMS_PER_PAGE;
	return ST_OK;
}

static void free_dir(struct victims *v, uint64_t d)
{
	pmem_free(v->index->pmem, v->dir[d], PMEM_HYPERVISOR);
	v->dir[d] = 0; /* mfn 0 is never managed: no directory */
}

static void free_last_page(struct victims *v)
{
	struct pmem *pm = v->index->pmem;
	uint64_t i = v->capacity - VICTIMS_PER_PAGE;

	pmem_free(pm, *dir_slot(v, i), PMEM_HYPERVISOR);
	if (i % PER_DIR == 0)
		free_dir(v, i / PER_DIR);
	v->capacity = i;
}

/* Gives back entry pages beyond one spare, so that a set does not hold
 * pages in the way of the guests, nor thrash at a page boundary. */
static void shrink(struct victims *v)
{
	while (v->capacity >= v->n + 2 * VICTIMS_PER_PAGE)
		free_last_page(v);
}

/* Keeps the valid entries, in their order. */
static void sweep(struct victims *v)
{
	uint64_t kept = 0;
	mfn_t mfn;

	for (uint64_t i = 0; i < v->n; i++) {
		if (!valid(v, i, &mfn))
			continue;
		*entry(v, kept) = *entry(v, i);
		*back_index(v, mfn) = (uint32_t)kept++;
	}
	v->n = kept;
	shrink(v);
}

int victims_add(struct victims *v, gfn_t gfn)
{
	mfn_t mfn;

	if (gfn < v->first)
		return ST_OK;
	if (v->n == v->capacity)
		return ST_NOMEM;
	if (ept_lookup(&v->p2m->ept, gfn, &mfn) != ST_OK)
		return ST_NOENT;
	*entry(v, v->n) = gfn;
	*back_index(v, mfn) = (uint32_t)v->n++;
	if (v->n > 2 * v->p2m->mapped_pages + VICTIMS_SLACK)
		sweep(v);
	return ST_OK;
}

/* Moves the last entry into i's place. */
static void remove_at(struct victims *v, uint64_t i)
{
	uint64_t last = v->n - 1;
	mfn_t mfn;

	if (i != last) {
		if (valid(v, last, &mfn))
			*back_index(v, mfn) = (uint32_t)i;
		*entry(v, i) = *entry(v, last);
	}
	v->n--;
	shrink(v);
}

int victims_take(struct victims *v, struct prng *rng, gfn_t *gfn)
{
	mfn_t mfn;

	while (v->n) {
		uint64_t i = prng_below(rng, v->n);
		bool ok = valid(v, i, &mfn);

		*gfn = *entry(v, i);
		if (ok) /* no other entry of the page may pass for it */
			*back_index(v, mfn) = UINT32_MAX;
		remove_at(v, i);
		if (ok)
			return ST_OK;
	}
	return ST_NOENT;
}

uint64_t victims_entries(const struct victims *v)
{
	return v->n;
}

void victims_destroy(struct victims *v)
{
	v->n = 0;
	while (v->capacity)
		free_last_page(v);
	for (uint64_t d = 0; d < VICTIMS_DIRS; d++)
		if (v->dir[d]) /* taken by a reserve whose entry page was not */
			free_dir(v, d);
}
