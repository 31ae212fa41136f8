/*
 * Stage-2 table building for both x86 formats (EPT, NPT): walk, map,
 * unmap, soft entries, visitors, teardown. The tree is the same; the bits
 * of an entry come from the table's struct s2_format (s2_table.h).
 */
#include "hv/arch/x86/s2_table.h"

_Static_assert(S2_ENTRIES * sizeof(uint64_t) == PAGE_SIZE,
	       "a table is one page of 512 entries");
_Static_assert(S2T_MFN_LIMIT << PAGE_SHIFT == S2T_ADDR_MASK + PAGE_SIZE,
	       "leaf addresses fill bits 51:12");
_Static_assert(S2T_SOFT_MAX << S2T_SOFT_SHIFT == S2T_ADDR_MASK,
	       "soft values fill exactly the address bits");

static const struct s2_format *format_of(const struct stage2 *s)
{
	return (const struct s2_format *)(const void *)s->ops;
}

static bool is_present(const struct stage2 *s, uint64_t entry)
{
	return (entry & format_of(s)->present_mask) != 0;
}

static mfn_t entry_mfn(uint64_t entry)
{
	return (entry & S2T_ADDR_MASK) >> PAGE_SHIFT;
}

static uint64_t *table_of(uint64_t entry)
{
	return mfn_ptr(entry_mfn(entry));
}

/* Index of gfn in a table of the given level (4 = PML4, 1 = leaf table). */
static unsigned index_of(gfn_t gfn, int level)
{
	return (gfn >> (S2_LEVEL_BITS * (level - 1))) & (S2_ENTRIES - 1);
}

/* Walks towards gfn's leaf and returns the entry where the walk stops:
 * the leaf (*level 1) or a non-present intermediate entry (*level > 1). */
static uint64_t *walk(const struct stage2 *e, gfn_t gfn, int *level)
{
	uint64_t *t = mfn_ptr(e->root);

	for (*level = S2T_LEVELS;; --*level) {
		uint64_t *entry = &t[index_of(gfn, *level)];

		if (*level == 1 || !is_present(e, *entry))
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

	if (st == ST_OK && !is_present(e, **pte))
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
	*entry = (mfn << PAGE_SHIFT) | format_of(e)->table_bits;
	if (++e->table_pages > e->table_peak)
		e->table_peak = e->table_pages;
	return ST_OK;
}

/* gfn's leaf entry, creating the tables above it; each round of the loop
 * adds one level, so it walks from the top at most S2T_LEVELS times. */
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

int s2t_init(struct stage2 *e, const struct s2_format *f, struct pmem *pmem,
	     gfn_t gfn_limit)
{
	e->ops = &f->ops;
	e->pmem = pmem;
	e->root = MFN_INVALID;
	e->gfn_limit = gfn_limit;
	e->table_pages = 0;
	e->table_peak = 0;
	e->table_limit = 0;
	if (gfn_limit == 0 || gfn_limit > S2T_GFN_LIMIT_MAX)
		return ST_RANGE;
	e->root = pmem_alloc(pmem, PMEM_HYPERVISOR);
	if (e->root == MFN_INVALID)
		return ST_NOMEM;
	page_zero(e->root);
	e->table_pages = 1;
	e->table_peak = 1;
	return ST_OK;
}

int s2t_map(struct stage2 *e, gfn_t gfn, mfn_t mfn, unsigned perms)
{
	uint64_t *pte;

	if (perms == 0 || (perms & ~S2_RWX) || !format_of(e)->perms_valid(perms))
		return ST_INVAL;
	if (mfn >= S2T_MFN_LIMIT)
		return ST_RANGE;
	int st = make_leaf(e, gfn, &pte);

	if (st != ST_OK)
		return st;
	if (is_present(e, *pte))
		return ST_EXIST;
	*pte = (mfn << PAGE_SHIFT) | format_of(e)->leaf_bits(perms);
	return ST_OK;
}

int s2t_unmap(struct stage2 *e, gfn_t gfn, mfn_t *old)
{
	uint64_t *pte;
	int st = find_mapped(e, gfn, &pte);

	if (st != ST_OK)
		return st;
	*old = entry_mfn(*pte);
	*pte = 0;
	return ST_OK;
}

int s2t_test_and_clear_accessed(struct stage2 *e, gfn_t gfn, bool *accessed)
{
	uint64_t *pte;
	int st = find_mapped(e, gfn, &pte);

	if (st != ST_OK)
		return st;
	*accessed = (*pte & format_of(e)->accessed_bit) != 0;
	*pte &= ~format_of(e)->accessed_bit;
	return ST_OK;
}

int s2t_lookup(const struct stage2 *e, gfn_t gfn, mfn_t *mfn)
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
static int soft_leaf(const struct stage2 *e, int found, uint64_t *const *pte)
{
	if (found != ST_OK)
		return found;
	return is_present(e, **pte) ? ST_EXIST : ST_OK;
}

int s2t_prepare(struct stage2 *e, gfn_t gfn)
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

int s2t_set_soft(struct stage2 *e, gfn_t gfn, uint64_t soft)
{
	uint64_t *pte;

	if (soft > S2T_SOFT_MAX)
		return ST_INVAL;
	int st = soft_leaf(e, find_leaf(e, gfn, &pte), &pte);

	if (st == ST_OK)
		*pte = soft << S2T_SOFT_SHIFT;
	/* Emptying needs no table: a missing one already reads as empty. */
	return st == ST_NOENT && !soft ? ST_OK : st;
}

int s2t_exchange_soft(struct stage2 *e, gfn_t gfn, uint64_t soft, uint64_t *old,
		      bool *mapped)
{
	uint64_t *pte;
	int st;

	if (soft == 0 || soft > S2T_SOFT_MAX)
		return ST_INVAL;
	st = find_leaf(e, gfn, &pte);
	if (st != ST_OK)
		return st;
	*mapped = is_present(e, *pte);
	*old = *mapped ? entry_mfn(*pte) : *pte >> S2T_SOFT_SHIFT;
	*pte = soft << S2T_SOFT_SHIFT;
	return ST_OK;
}

int s2t_get_soft(const struct stage2 *e, gfn_t gfn, uint64_t *soft)
{
	uint64_t *pte;
	int st = soft_leaf(e, find_leaf(e, gfn, &pte), &pte);

	*soft = st == ST_OK ? *pte >> S2T_SOFT_SHIFT : 0;
	return st == ST_NOENT ? ST_OK : st;
}

/* What a visit looks for and whom it tells. */
struct visit {
	const struct stage2 *s;
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
		return is_present(v->s, entry) ?
			visit_table(v, table_of(entry), level - 1, gfn) : 0;
	if (v->mapped && is_present(v->s, entry))
		return v->fn(v->ctx, gfn, entry_mfn(entry));
	if (!v->mapped && !is_present(v->s, entry) && entry)
		return v->fn(v->ctx, gfn, entry >> S2T_SOFT_SHIFT);
	return 0;
}

static int visit_table(const struct visit *v, const uint64_t *t, int level,
		       gfn_t first)
{
	for (unsigned i = 0; i < S2_ENTRIES; i++) {
		gfn_t gfn = first + ((gfn_t)i << (S2_LEVEL_BITS * (level - 1)));
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
	struct visit v = { e, fn, ctx, mapped };

	if (e->root == MFN_INVALID)
		return 0;
	return visit_table(&v, mfn_ptr(e->root), S2T_LEVELS, 0);
}

int s2t_for_each_mapped(const struct stage2 *e, stage2_visit_fn fn, void *ctx)
{
	return visit_all(e, fn, ctx, true);
}

int s2t_for_each_soft(const struct stage2 *e, stage2_visit_fn fn, void *ctx)
{
	return visit_all(e, fn, ctx, false);
}

/* Frees a table and, above the leaf level, the tables under it. */
static int free_table(struct stage2 *e, mfn_t table, int level)
{
	const uint64_t *t = mfn_ptr(table);

	for (unsigned i = 0; level > 1 && i < S2_ENTRIES; i++) {
		if (!is_present(e, t[i]))
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
	for (unsigned i = 0; i < S2_ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

int s2t_trim(struct stage2 *e, gfn_t gfn)
{
	uint64_t *path[S2T_LEVELS + 1]; /* path[l]: gfn's entry at level l */
	uint64_t *t = mfn_ptr(e->root);
	int level, freed = 0;

	if (gfn >= e->gfn_limit)
		return ST_RANGE;
	for (level = S2T_LEVELS; level > 1; level--) {
		path[level] = &t[index_of(gfn, level)];
		if (!is_present(e, *path[level]))
			break;
		t = table_of(*path[level]);
	}
	/* Above where the walk stopped, path[l] points at a table of level
	 * l - 1: free it if empty, then look one level up. */
	for (int l = level + 1; l <= S2T_LEVELS; l++) {
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

int s2t_destroy(struct stage2 *e)
{
	if (e->root == MFN_INVALID)
		return ST_OK;
	int st = free_table(e, e->root, S2T_LEVELS);

	if (st == ST_OK)
		e->root = MFN_INVALID;
	return st;
}
