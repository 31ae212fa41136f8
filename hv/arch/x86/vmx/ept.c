/*
 * EPT table building: walk, map, unmap, soft entries, visitors, teardown.
 * See ept.h for the entry forms and the contract.
 */
#include "hv/arch/x86/vmx/ept.h"

_Static_assert(EPT_ENTRIES * sizeof(uint64_t) == PAGE_SIZE,
	       "an EPT table is one page of 512 entries");
_Static_assert(EPT_MFN_LIMIT << PAGE_SHIFT == VMX_EPT_ADDR_MASK + PAGE_SIZE,
	       "leaf addresses fill bits 51:12");
_Static_assert(EPT_SOFT_MAX << EPT_SOFT_SHIFT == VMX_EPT_ADDR_MASK,
	       "soft values fill exactly the address bits");
_Static_assert(EPT_LEVEL_BITS == S2_LEVEL_BITS && EPT_ENTRIES == S2_ENTRIES,
	       "EPT tables have the stage-2 shape");

/* Intermediate entries allow everything; leaves decide. */
#define EPT_TABLE_PERMS VMX_EPT_RWX_MASK

static bool is_present(uint64_t entry)
{
	return (entry & VMX_EPT_RWX_MASK) != 0;
}

static mfn_t entry_mfn(uint64_t entry)
{
	return (entry & VMX_EPT_ADDR_MASK) >> PAGE_SHIFT;
}

static uint64_t *table_of(uint64_t entry)
{
	return mfn_ptr(entry_mfn(entry));
}

/* Index of gfn in a table of the given level (4 = PML4, 1 = leaf table). */
static unsigned index_of(gfn_t gfn, int level)
{
	return (gfn >> (EPT_LEVEL_BITS * (level - 1))) & (EPT_ENTRIES - 1);
}

/* Walks towards gfn's leaf and returns the entry where the walk stops:
 * the leaf (*level 1) or a non-present intermediate entry (*level > 1). */
static uint64_t *walk(const struct stage2 *e, gfn_t gfn, int *level)
{
	uint64_t *t = mfn_ptr(e->root);

	for (*level = EPT_LEVELS;; --*level) {
		uint64_t *entry = &t[index_of(gfn, *level)];

		if (*level == 1 || !is_present(*entry))
			return entry;
		t = table_of(*entry);
	}
}

/* gfn's leaf entry without creating tables; ST_NOENT when a table is
 * missing, so the leaf is empty. */
static int find_leaf(const struct stage2 *e, gfn_t gfn, uint64_t **pte)
{
	int level;

	if (gfn >= e->gfn_limit)
		return ST_RANGE;
	*pte = walk(e, gfn, &level);
	return level == 1 ? ST_OK : ST_NOENT;
}

/* gfn's leaf entry if it is present, else ST_NOENT. */
static int find_mapped(const struct stage2 *e, gfn_t gfn, uint64_t **pte)
{
	int st = find_leaf(e, gfn, pte);

	if (st == ST_OK && !is_present(**pte))
		return ST_NOENT;
	return st;
}

/* Hangs a new, empty table under the non-present entry. */
static int new_table(struct stage2 *e, uint64_t *entry)
{
	mfn_t mfn = pmem_alloc(e->pmem, PMEM_HYPERVISOR);

	if (mfn == MFN_INVALID)
		return ST_NOMEM;
	page_zero(mfn);
	*entry = (mfn << PAGE_SHIFT) | EPT_TABLE_PERMS;
	if (++e->table_pages > e->table_peak)
		e->table_peak = e->table_pages;
	return ST_OK;
}

/* gfn's leaf entry, creating the tables above it; each round of the loop
 * adds one level, so it walks from the top at most EPT_LEVELS times. */
static int make_leaf(struct stage2 *e, gfn_t gfn, uint64_t **pte)
{
	int level;

	if (gfn >= e->gfn_limit)
		return ST_RANGE;
	for (*pte = walk(e, gfn, &level); level > 1; *pte = walk(e, gfn, &level)) {
		int st = new_table(e, *pte);

		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

int ept_init(struct stage2 *e, struct pmem *pmem, gfn_t gfn_limit)
{
	e->ops = &ept_stage2_ops;
	e->pmem = pmem;
	e->root = MFN_INVALID;
	e->gfn_limit = gfn_limit;
	e->table_pages = 0;
	e->table_peak = 0;
	e->table_limit = 0;
	if (gfn_limit == 0 || gfn_limit > EPT_GFN_LIMIT_MAX)
		return ST_RANGE;
	e->root = pmem_alloc(pmem, PMEM_HYPERVISOR);
	if (e->root == MFN_INVALID)
		return ST_NOMEM;
	page_zero(e->root);
	e->table_pages = 1;
	e->table_peak = 1;
	return ST_OK;
}

/* Write without read is a misconfiguration (SDM "EPT Misconfigurations"). */
static bool perms_valid(unsigned perms)
{
	if (perms == 0 || (perms & ~S2_RWX))
		return false;
	return !(perms & S2_WRITE) || (perms & S2_READ);
}

static uint64_t leaf_perms(unsigned perms)
{
	return ((perms & S2_READ) ? VMX_EPT_READABLE_MASK : 0) |
	       ((perms & S2_WRITE) ? VMX_EPT_WRITABLE_MASK : 0) |
	       ((perms & S2_EXEC) ? VMX_EPT_EXECUTABLE_MASK : 0);
}

int ept_map(struct stage2 *e, gfn_t gfn, mfn_t mfn, unsigned perms)
{
	uint64_t *pte;

	if (!perms_valid(perms))
		return ST_INVAL;
	if (mfn >= EPT_MFN_LIMIT)
		return ST_RANGE;
	int st = make_leaf(e, gfn, &pte);

	if (st != ST_OK)
		return st;
	if (is_present(*pte))
		return ST_EXIST;
	*pte = (mfn << PAGE_SHIFT) | VMX_EPT_IPAT_BIT |
	       (MTRR_TYPE_WRBACK << VMX_EPT_MT_EPTE_SHIFT) | leaf_perms(perms);
	return ST_OK;
}

int ept_unmap(struct stage2 *e, gfn_t gfn, mfn_t *old)
{
	uint64_t *pte;
	int st = find_mapped(e, gfn, &pte);

	if (st != ST_OK)
		return st;
	*old = entry_mfn(*pte);
	*pte = 0;
	return ST_OK;
}

int ept_test_and_clear_accessed(struct stage2 *e, gfn_t gfn, bool *accessed)
{
	uint64_t *pte;
	int st = find_mapped(e, gfn, &pte);

	if (st != ST_OK)
		return st;
	*accessed = (*pte & VMX_EPT_ACCESS_BIT) != 0;
	*pte &= ~VMX_EPT_ACCESS_BIT;
	return ST_OK;
}

int ept_lookup(const struct stage2 *e, gfn_t gfn, mfn_t *mfn)
{
	uint64_t *pte;
	int st = find_mapped(e, gfn, &pte);

	if (st != ST_OK)
		return st;
	*mfn = entry_mfn(*pte);
	return ST_OK;
}

/* Narrows a leaf search for the soft calls: ST_OK only for a non-present
 * leaf at *pte; ST_EXIST for a mapped one; ST_NOENT (no table: empty) and
 * other refusals as they come. */
static int soft_leaf(int found, uint64_t *const *pte)
{
	if (found != ST_OK)
		return found;
	return is_present(**pte) ? ST_EXIST : ST_OK;
}

int ept_prepare(struct stage2 *e, gfn_t gfn)
{
	uint64_t *pte;
	int level;

	if (gfn >= e->gfn_limit)
		return ST_RANGE;
	walk(e, gfn, &level);
	/* A walk that stops at level L misses the L - 1 tables below it. */
	if (e->table_limit &&
	    e->table_pages + (uint64_t)(level - 1) > e->table_limit)
		return ST_FULL;
	return make_leaf(e, gfn, &pte);
}

int ept_set_soft(struct stage2 *e, gfn_t gfn, uint64_t soft)
{
	uint64_t *pte;

	if (soft > EPT_SOFT_MAX)
		return ST_INVAL;
	int st = soft_leaf(find_leaf(e, gfn, &pte), &pte);

	if (st == ST_OK)
		*pte = soft << EPT_SOFT_SHIFT;
	/* Emptying needs no table: a missing one already reads as empty. */
	return st == ST_NOENT && !soft ? ST_OK : st;
}

int ept_exchange_soft(struct stage2 *e, gfn_t gfn, uint64_t soft, uint64_t *old,
		      bool *mapped)
{
	uint64_t *pte;
	int st;

	if (soft == 0 || soft > EPT_SOFT_MAX)
		return ST_INVAL;
	st = find_leaf(e, gfn, &pte);
	if (st != ST_OK)
		return st;
	*mapped = is_present(*pte);
	*old = *mapped ? entry_mfn(*pte) : *pte >> EPT_SOFT_SHIFT;
	*pte = soft << EPT_SOFT_SHIFT;
	return ST_OK;
}

int ept_get_soft(const struct stage2 *e, gfn_t gfn, uint64_t *soft)
{
	uint64_t *pte;
	int st = soft_leaf(find_leaf(e, gfn, &pte), &pte);

	*soft = st == ST_OK ? *pte >> EPT_SOFT_SHIFT : 0;
	return st == ST_NOENT ? ST_OK : st;
}

uint64_t ept_eptp(mfn_t pml4, bool ad)
{
	return (pml4 << PAGE_SHIFT) | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4 |
	       (ad ? VMX_EPTP_AD_ENABLE_BIT : 0);
}

/* What a visit looks for and whom it tells. */
struct visit {
	stage2_visit_fn fn;
	void *ctx;
	bool mapped;  /* present leaves, else soft ones */
};

static int visit_table(const struct visit *v, const uint64_t *t, int level,
		       gfn_t first);

/* Visits one entry, read once, so the visitor may rewrite it. */
static int visit_entry(const struct visit *v, uint64_t entry, int level,
		       gfn_t gfn)
{
	if (level > 1)
		return is_present(entry) ?
			visit_table(v, table_of(entry), level - 1, gfn) : 0;
	if (v->mapped && is_present(entry))
		return v->fn(v->ctx, gfn, entry_mfn(entry));
	if (!v->mapped && !is_present(entry) && entry)
		return v->fn(v->ctx, gfn, entry >> EPT_SOFT_SHIFT);
	return 0;
}

static int visit_table(const struct visit *v, const uint64_t *t, int level,
		       gfn_t first)
{
	for (unsigned i = 0; i < EPT_ENTRIES; i++) {
		gfn_t gfn = first + ((gfn_t)i << (EPT_LEVEL_BITS * (level - 1)));
		int r = visit_entry(v, t[i], level, gfn);

		if (r)
			return r;
	}
	return 0;
}

/* Visits every wanted leaf; nothing before init or after destroy. */
static int visit_all(const struct stage2 *e, stage2_visit_fn fn, void *ctx,
		     bool mapped)
{
	struct visit v = { fn, ctx, mapped };

	if (e->root == MFN_INVALID)
		return 0;
	return visit_table(&v, mfn_ptr(e->root), EPT_LEVELS, 0);
}

int ept_for_each_mapped(const struct stage2 *e, stage2_visit_fn fn, void *ctx)
{
	return visit_all(e, fn, ctx, true);
}

int ept_for_each_soft(const struct stage2 *e, stage2_visit_fn fn, void *ctx)
{
	return visit_all(e, fn, ctx, false);
}

/* Frees a table and, above the leaf level, the tables under it. */
static int free_table(struct stage2 *e, mfn_t table, int level)
{
	const uint64_t *t = mfn_ptr(table);

	for (unsigned i = 0; level > 1 && i < EPT_ENTRIES; i++) {
		if (!is_present(t[i]))
			continue;
		int st = free_table(e, entry_mfn(t[i]), level - 1);

		if (st != ST_OK)
			return st;
	}
	int st = pmem_free(e->pmem, table, PMEM_HYPERVISOR);

	if (st == ST_OK)
		e->table_pages--;
	return st;
}

static bool table_empty(const uint64_t *t)
{
	for (unsigned i = 0; i < EPT_ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

int ept_trim(struct stage2 *e, gfn_t gfn)
{
	uint64_t *path[EPT_LEVELS + 1]; /* path[l]: gfn's entry at level l */
	uint64_t *t = mfn_ptr(e->root);
	int level, freed = 0;

	if (gfn >= e->gfn_limit)
		return ST_RANGE;
	for (level = EPT_LEVELS; level > 1; level--) {
		path[level] = &t[index_of(gfn, level)];
		if (!is_present(*path[level]))
			break;
		t = table_of(*path[level]);
	}
	/* Above where the walk stopped, path[l] points at a table of level
	 * l - 1: free it if empty, then look one level up. */
	for (int l = level + 1; l <= EPT_LEVELS; l++) {
		mfn_t table = entry_mfn(*path[l]);
		int st;

		if (!table_empty(mfn_ptr(table)))
			break;
		*path[l] = 0;
		st = pmem_free(e->pmem, table, PMEM_HYPERVISOR);
		if (st != ST_OK)
			return st;
		e->table_pages--;
		freed++;
	}
	return freed;
}

int ept_destroy(struct stage2 *e)
{
	if (e->root == MFN_INVALID)
		return ST_OK;
	int st = free_table(e, e->root, EPT_LEVELS);

	if (st == ST_OK)
		e->root = MFN_INVALID;
	return st;
}

const struct stage2_ops ept_stage2_ops = {
	.name = "EPT",
	.levels = EPT_LEVELS,
	.gfn_limit_max = EPT_GFN_LIMIT_MAX,
	.init = ept_init,
	.map = ept_map,
	.unmap = ept_unmap,
	.lookup = ept_lookup,
	.test_and_clear_accessed = ept_test_and_clear_accessed,
	.prepare = ept_prepare,
	.set_soft = ept_set_soft,
	.get_soft = ept_get_soft,
	.exchange_soft = ept_exchange_soft,
	.trim = ept_trim,
	.for_each_mapped = ept_for_each_mapped,
	.for_each_soft = ept_for_each_soft,
	.destroy = ept_destroy,
};
