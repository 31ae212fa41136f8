/*
 * The guest physical-to-machine map: demand allocation of guest pages and
 * copies between the hypervisor and guest memory, always bounded by the
 * guest's own size so that nothing a guest passes reaches another's page.
 */
#include "hv/mm/p2m.h"

#include "hv/lib/string.h"
#include "hv/mm/fault.h"

/* The soft value of a non-present stage-2 entry says why it is not present. */
#define SOFT_UNTOUCHED 0
#define SOFT_BALLOONED 1
#define SOFT_SWAP_BASE 2 /* slot N is stored as SOFT_SWAP_BASE + N */

#define P2M_PERMS S2_RWX

int p2m_init(struct p2m *p, struct pmem *pmem, const struct stage2_ops *s2,
	     uint64_t memory_bytes)
{
	int st;

	memset(p, 0, sizeof(*p));
	if (!memory_bytes || (memory_bytes & PAGE_MASK))
		return ST_INVAL;
	p->pmem = pmem;
	p->nr_gfns = memory_bytes >> PAGE_SHIFT;
	st = s2_init(&p->s2, s2, pmem, p->nr_gfns);
	p->s2.table_limit = pmem_total(pmem) / P2M_TABLE_SHARE + P2M_TABLE_FLOOR;
	return st;
}

static bool range_inside(const struct p2m *p, gpa_t gpa, size_t len)
{
	gpa_t size = p->nr_gfns << PAGE_SHIFT;

	return gpa < size && len <= size - gpa;
}

static int map_zeroed(struct p2m *p, gfn_t gfn)
{
	mfn_t mfn = pmem_alloc(p->pmem, PMEM_GUEST);
	int st;

	if (mfn == MFN_INVALID)
		return ST_NOMEM;
	page_zero(mfn);
	st = s2_map(&p->s2, gfn, mfn, P2M_PERMS);
	if (st != ST_OK) {
		pmem_free(p->pmem, mfn, PMEM_GUEST);
		return st;
	}
	p->mapped_pages++;
	return ST_OK;
}

/* What p2m_fault answers for a fault that is not its to resolve. */
static const int refusal[] = {
	[FAULT_SWAPPED] = ST_INVAL,
	[FAULT_BALLOONED] = ST_DENIED,
	[FAULT_OUTSIDE] = ST_RANGE,
	[FAULT_SPURIOUS] = ST_EXIST,
};

int p2m_fault(struct p2m *p, gpa_t gpa)
{
	enum fault_class c = fault_classify(p, gpa);
	int st;

	if (c != FAULT_DEMAND)
		return refusal[c];
	st = map_zeroed(p, gpa >> PAGE_SHIFT);
	if (st == ST_OK)
		p->demand_pages++;
	return st;
}

/* A page's state from its entry: a mapping, or the soft value. */
static enum p2m_state state_from(bool mapped, uint64_t soft)
{
	if (mapped)
		return P2M_MAPPED;
	if (soft >= SOFT_SWAP_BASE)
		return P2M_SWAPPED;
	return soft == SOFT_BALLOONED ? P2M_BALLOONED : P2M_UNTOUCHED;
}

enum p2m_state p2m_state_of(const struct p2m *p, gfn_t gfn)
{
	uint64_t soft;
	bool mapped = s2_get_soft(&p->s2, gfn, &soft) == ST_EXIST;

	return state_from(mapped, soft);
}

int p2m_swap_out_begin(struct p2m *p, gfn_t gfn, mfn_t *mfn)
{
	int st = s2_lookup(&p->s2, gfn, mfn);

	if (st != ST_OK)
		return st;
	return pmem_set_owner(p->pmem, *mfn, PMEM_GUEST, PMEM_INFLIGHT);
}

int p2m_swap_out_end(struct p2m *p, gfn_t gfn, mfn_t mfn, slot_t slot, bool ok)
{
	mfn_t old;
	int st;

	if (!ok)
		return pmem_set_owner(p->pmem, mfn, PMEM_INFLIGHT, PMEM_GUEST);
	st = s2_unmap(&p->s2, gfn, &old);
	if (st == ST_OK && old != mfn)
		st = ST_INVAL;
	if (st == ST_OK)
		st = s2_set_soft(&p->s2, gfn, SOFT_SWAP_BASE + (uint64_t)slot);
	if (st == ST_OK)
		st = pmem_free(p->pmem, mfn, PMEM_INFLIGHT);
	if (st != ST_OK)
		return st;
	p->mapped_pages--;
	p->swapped_pages++;
	return ST_OK;
}

int p2m_swap_in_begin(struct p2m *p, gfn_t gfn, slot_t *slot, mfn_t *mfn)
{
	uint64_t soft;

	if (gfn >= p->nr_gfns || p2m_state_of(p, gfn) != P2M_SWAPPED)
		return ST_INVAL;
	s2_get_soft(&p->s2, gfn, &soft);
	*slot = (slot_t)(soft - SOFT_SWAP_BASE);
	*mfn = pmem_alloc(p->pmem, PMEM_INFLIGHT);
	return *mfn == MFN_INVALID ? ST_NOMEM : ST_OK;
}

int p2m_swap_in_end(struct p2m *p, gfn_t gfn, mfn_t mfn, bool ok)
{
	int st;

	if (!ok)
		return pmem_free(p->pmem, mfn, PMEM_INFLIGHT);
	st = pmem_set_owner(p->pmem, mfn, PMEM_INFLIGHT, PMEM_GUEST);
	if (st == ST_OK)
		st = s2_map(&p->s2, gfn, mfn, P2M_PERMS);
	if (st != ST_OK)
		return st;
	p->mapped_pages++;
	p->swapped_pages--;
	return ST_OK;
}

int p2m_test_and_clear_accessed(struct p2m *p, gfn_t gfn, bool *accessed)
{
	return s2_test_and_clear_accessed(&p->s2, gfn, accessed);
}

struct swapped_visit {
	int (*fn)(void *ctx, gfn_t gfn, slot_t slot);
	void *ctx;
};

static int visit_soft(void *ctx, gfn_t gfn, uint64_t soft)
{
	struct swapped_visit *v = ctx;

	if (soft < SOFT_SWAP_BASE)
		return ST_OK;
	return v->fn(v->ctx, gfn, (slot_t)(soft - SOFT_SWAP_BASE));
}

int p2m_for_each_swapped(const struct p2m *p,
			 int (*fn)(void *ctx, gfn_t gfn, slot_t slot),
			 void *ctx)
{
	struct swapped_visit v = { fn, ctx };

	return s2_for_each_soft(&p->s2, visit_soft, &v);
}

int p2m_prepare(struct p2m *p, gfn_t gfn)
{
	if (gfn >= p->nr_gfns)
		return ST_RANGE;
	return s2_prepare(&p->s2, gfn);
}


int p2m_balloon(struct p2m *p, gfn_t gfn, slot_t *slot)
{
	enum p2m_state was;
	uint64_t old;
	bool mapped;
	int st;

	if (gfn >= p->nr_gfns)
		return ST_RANGE;
	/* One walk: a balloon list is the guest's to make long. */
	st = s2_exchange_soft(&p->s2, gfn, SOFT_BALLOONED, &old, &mapped);
	if (st != ST_OK)
		return st;
	was = state_from(mapped, old);
	if (was == P2M_BALLOONED)
		return ST_EXIST; /* it stays as it was */
	if (was == P2M_MAPPED) {
		st = pmem_free(p->pmem, old, PMEM_GUEST);
		if (st != ST_OK)
			return st;
		p->mapped_pages--;
	}
	if (was == P2M_SWAPPED) {
		*slot = (slot_t)(old - SOFT_SWAP_BASE);
		p->swapped_pages--;
	}
	p->ballooned_pages++;
	return (int)was;
}

int p2m_unballoon(struct p2m *p, gfn_t gfn)
{
	int st;

	if (gfn >= p->nr_gfns || p2m_state_of(p, gfn) != P2M_BALLOONED)
		return ST_INVAL;
	st = s2_set_soft(&p->s2, gfn, SOFT_UNTOUCHED);
	if (st == ST_OK)
		p->ballooned_pages--;
	return st;
}

int p2m_trim(struct p2m *p, gfn_t gfn)
{
	if (gfn >= p->nr_gfns)
		return ST_RANGE;
	return s2_trim(&p->s2, gfn);
}

int p2m_populate(struct p2m *p, gpa_t gpa, size_t len)
{
	mfn_t mfn;

	if (!range_inside(p, gpa, len))
		return ST_RANGE;
	for (gfn_t gfn = gpa >> PAGE_SHIFT;
	     gfn < (gpa + len + PAGE_MASK) >> PAGE_SHIFT; gfn++) {
		int st;

		if (s2_lookup(&p->s2, gfn, &mfn) == ST_OK)
			continue;
		st = map_zeroed(p, gfn);
		if (st != ST_OK)
			return st;
		p->loaded_pages++;
	}
	return ST_OK;
}

/* Calls fn on each piece of [gpa, gpa + len) that lies in one page. */
static int for_each_piece(const struct p2m *p, gpa_t gpa, size_t len,
			  void (*fn)(void *page_part, void *buf, size_t n),
			  void *buf)
{
	uint8_t *b = buf;

	while (len) {
		size_t off = gpa & PAGE_MASK;
		size_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		mfn_t mfn;

		if (s2_lookup(&p->s2, gpa >> PAGE_SHIFT, &mfn) != ST_OK)
			return ST_NOENT;
		fn((uint8_t *)mfn_ptr(mfn) + off, b, n);
		gpa += n;
		b += n;
		len -= n;
	}
	return ST_OK;
}

static void copy_to_page(void *page_part, void *buf, size_t n)
{
	memcpy(page_part, buf, n);
}

static void copy_from_page(void *page_part, void *buf, size_t n)
{
	memcpy(buf, page_part, n);
}

int p2m_write(struct p2m *p, gpa_t gpa, const void *src, size_t len)
{
	int st = p2m_populate(p, gpa, len);

	if (st != ST_OK)
		return st;
	return for_each_piece(p, gpa, len, copy_to_page, (void *)src);
}

int p2m_read(const struct p2m *p, gpa_t gpa, void *dst, size_t len)
{
	if (!range_inside(p, gpa, len))
		return ST_RANGE;
	return for_each_piece(p, gpa, len, copy_from_page, dst);
}

static int free_guest_page(void *ctx, gfn_t gfn, uint64_t mfn)
{
	struct p2m *p = ctx;
	mfn_t old;
	int st = s2_unmap(&p->s2, gfn, &old);

	if (st != ST_OK || old != mfn)
		return ST_INVAL;
	p->mapped_pages--;
	return pmem_free(p->pmem, mfn, PMEM_GUEST);
}

int p2m_destroy(struct p2m *p)
{
	int st = s2_for_each_mapped(&p->s2, free_guest_page, p);

	if (st != ST_OK)
		return st;
	return s2_destroy(&p->s2);
}
