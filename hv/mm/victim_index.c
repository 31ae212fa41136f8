/* The hypervisor's store for victim sets (see victim_index.h). */
#include "hv/mm/victim_index.h"

#define INDEX_PER_PAGE (PAGE_SIZE / sizeof(uint32_t))

_Static_assert(VICTIMS_DIRS * VICTIMS_PER_PAGE * VICTIMS_PER_PAGE >=
		       2 * VICTIMS_MAX_MFNS + VICTIMS_SLACK,
	       "a set's directories hold twice every machine page");

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

static void *index_alloc(void *store)
{
	mfn_t m = pmem_alloc(((struct victim_index *)store)->pmem,
			     PMEM_HYPERVISOR);

	return m == MFN_INVALID ? 0 : mfn_ptr(m);
}

static void index_free(void *store, void *page)
{
	pmem_free(((struct victim_index *)store)->pmem,
		  ptr_maddr(page) >> PAGE_SHIFT, PMEM_HYPERVISOR);
}

static uint32_t *index_back(void *store, const void *owner, gfn_t gfn)
{
	const struct victim_index *x = store;
	const struct p2m *p = owner;
	uint64_t i;
	mfn_t mfn;

	if (s2_lookup(&p->s2, gfn, &mfn) != ST_OK)
		return 0;
	i = mfn - x->base;
	return &x->page[i / INDEX_PER_PAGE][i % INDEX_PER_PAGE];
}

static uint64_t index_mapped(const void *owner)
{
	return ((const struct p2m *)owner)->mapped_pages;
}

const struct victims_ops victim_index_ops = {
	.alloc = index_alloc,
	.free = index_free,
	.back = index_back,
	.mapped = index_mapped,
};
