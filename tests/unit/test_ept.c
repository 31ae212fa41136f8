/*
 * Unit tests of the EPT builder (hv/arch/x86/vmx/ept.c): tables come from a
 * pmem over an aligned host arena; leaf mfns need no backing, since the
 * builder never touches the pages it maps.
 */
#include "hv/arch/x86/vmx/ept.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

#define RWX S2_RWX                /* what the p2m asks for */
#define LEAF_RWX VMX_EPT_RWX_MASK /* what a leaf holds */
#define ARENA_PAGES 64

struct fixture {
	void *mem;
	struct pmem pmem;
	struct stage2 ept;
};

/* A pmem over pages arena pages and an ept over gfns [0, gfn_limit). */
static void setup(struct fixture *f, size_t pages, gfn_t gfn_limit)
{
	f->mem = aligned_alloc(PAGE_SIZE, pages * PAGE_SIZE);
	pmem_init(&f->pmem);
	CHECK(pmem_add_range(&f->pmem, ptr_maddr(f->mem),
			     ptr_maddr(f->mem) + pages * PAGE_SIZE) == ST_OK);
	CHECK(pmem_commit(&f->pmem) == ST_OK);
	CHECK(ept_init(&f->ept, &f->pmem, gfn_limit) == ST_OK);
}

/* Destroys the ept and checks that every table went back to pmem. */
static void teardown(struct fixture *f)
{
	CHECK(s2t_destroy(&f->ept) == ST_OK);
	CHECK(f->ept.table_pages == 0);
	CHECK(pmem_count(&f->pmem, PMEM_HYPERVISOR) == 1);
	CHECK(pmem_check(&f->pmem) == ST_OK);
	free(f->mem);
}

/* gfn's leaf entry, found with the header's masks; the tables above it
 * must exist, allow everything and carry no memory type. */
static uint64_t *leaf_ptr(const struct stage2 *e, gfn_t gfn)
{
	uint64_t *t = mfn_ptr(e->root);

	for (int shift = 27; shift > 0; shift -= 9) {
		uint64_t entry = t[(gfn >> shift) & 511];

		CHECK((entry & LEAF_RWX) == LEAF_RWX);
		CHECK((entry & VMX_EPT_MT_MASK) == 0);
		t = maddr_ptr(entry & VMX_EPT_ADDR_MASK);
	}
	return &t[gfn & 511];
}

static uint64_t raw_leaf(const struct stage2 *e, gfn_t gfn)
{
	return *leaf_ptr(e, gfn);
}

static void test_init(void)
{
	struct fixture f;
	struct stage2 e;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(f.ept.table_pages == 1);
	CHECK(pmem_count(&f.pmem, PMEM_HYPERVISOR) == 2);
	CHECK(ept_init(&e, &f.pmem, 0) == ST_RANGE);
	CHECK(ept_init(&e, &f.pmem, EPT_GFN_LIMIT_MAX + 1) == ST_RANGE);
	CHECK(s2t_destroy(&e) == ST_OK);
	teardown(&f);

	struct pmem empty;

	pmem_init(&empty);
	CHECK(ept_init(&e, &empty, 1024) == ST_NOMEM);
	CHECK(e.table_pages == 0);
	CHECK(s2t_destroy(&e) == ST_OK);
}

static void test_map_lookup_unmap(void)
{
	struct fixture f;
	mfn_t m = 0;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(s2t_lookup(&f.ept, 5, &m) == ST_NOENT);
	CHECK(s2t_map(&f.ept, 5, 0x1234, RWX) == ST_OK);
	CHECK(s2t_lookup(&f.ept, 5, &m) == ST_OK && m == 0x1234);
	CHECK(s2t_lookup(&f.ept, 4, &m) == ST_NOENT);
	CHECK(s2t_map(&f.ept, 5, 0x5678, RWX) == ST_EXIST);
	CHECK(s2t_lookup(&f.ept, 5, &m) == ST_OK && m == 0x1234);
	m = 0;
	CHECK(s2t_unmap(&f.ept, 5, &m) == ST_OK && m == 0x1234);
	CHECK(s2t_lookup(&f.ept, 5, &m) == ST_NOENT);
	CHECK(s2t_unmap(&f.ept, 5, &m) == ST_NOENT);
	CHECK(raw_leaf(&f.ept, 5) == 0);
	CHECK(s2t_map(&f.ept, 5, 0x5678, RWX) == ST_OK);
	teardown(&f);
}

static void test_table_pages(void)
{
	struct fixture f;

	setup(&f, ARENA_PAGES, EPT_GFN_LIMIT_MAX);
	CHECK(s2t_map(&f.ept, 0, 1, RWX) == ST_OK);
	CHECK(f.ept.table_pages == 4);   /* PML4, PDPT, PD, PT */
	CHECK(s2t_map(&f.ept, 511, 2, RWX) == ST_OK);
	CHECK(f.ept.table_pages == 4);   /* same PT */
	CHECK(s2t_map(&f.ept, 512, 3, RWX) == ST_OK);
	CHECK(f.ept.table_pages == 5);   /* next PT */
	CHECK(s2t_map(&f.ept, 1ull << 18, 4, RWX) == ST_OK);
	CHECK(f.ept.table_pages == 7);   /* next PD and its PT */
	CHECK(s2t_map(&f.ept, 1ull << 27, 5, RWX) == ST_OK);
	CHECK(f.ept.table_pages == 10);  /* next PDPT, PD, PT */
	CHECK(s2t_map(&f.ept, EPT_GFN_LIMIT_MAX - 1, 6, RWX) == ST_OK);
	CHECK(f.ept.table_pages == 13);
	CHECK(pmem_count(&f.pmem, PMEM_HYPERVISOR) == 1 + 13);
	teardown(&f);
}

static void test_refusals(void)
{
	struct fixture f;
	mfn_t m;
	uint64_t s;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(s2t_map(&f.ept, 1024, 1, RWX) == ST_RANGE);
	CHECK(s2t_map(&f.ept, (gfn_t)-1, 1, RWX) == ST_RANGE);
	CHECK(s2t_lookup(&f.ept, 1024, &m) == ST_RANGE);
	CHECK(s2t_unmap(&f.ept, 1024, &m) == ST_RANGE);
	CHECK(s2t_set_soft(&f.ept, 1024, 1) == ST_RANGE);
	CHECK(s2t_prepare(&f.ept, 1024) == ST_RANGE);
	CHECK(s2t_trim(&f.ept, 1024) == ST_RANGE);
	CHECK(s2t_get_soft(&f.ept, 1024, &s) == ST_RANGE);
	CHECK(s2t_map(&f.ept, 1, S2T_MFN_LIMIT, RWX) == ST_RANGE);
	CHECK(s2t_map(&f.ept, 1, 1, 0) == ST_INVAL);
	CHECK(s2t_map(&f.ept, 1, 1, S2_WRITE) == ST_INVAL);
	CHECK(s2t_map(&f.ept, 1, 1, S2_WRITE | S2_EXEC) == ST_INVAL);
	CHECK(s2t_map(&f.ept, 1, 1, RWX | 8) == ST_INVAL);
	/* Refusals allocate nothing. */
	CHECK(f.ept.table_pages == 1);
	CHECK(s2t_map(&f.ept, 1023, S2T_MFN_LIMIT - 1, RWX) == ST_OK);
	CHECK(s2t_lookup(&f.ept, 1023, &m) == ST_OK && m == S2T_MFN_LIMIT - 1);
	teardown(&f);
}

static void test_entry_bits(void)
{
	struct fixture f;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(s2t_map(&f.ept, 7, 0xabcde, RWX) == ST_OK);
	uint64_t leaf = raw_leaf(&f.ept, 7);

	CHECK((leaf & LEAF_RWX) == LEAF_RWX);
	CHECK((leaf & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT == 6);
	CHECK(leaf & VMX_EPT_IPAT_BIT);
	CHECK((leaf & (VMX_EPT_ACCESS_BIT | VMX_EPT_DIRTY_BIT)) == 0);
	CHECK((leaf & VMX_EPT_ADDR_MASK) == 0xabcde000ull);
	CHECK(leaf == (0xabcde000ull | 0x40 | 0x30 | 0x7));
	CHECK(s2t_map(&f.ept, 8, 1, S2_READ) == ST_OK);
	CHECK((raw_leaf(&f.ept, 8) & LEAF_RWX) == VMX_EPT_READABLE_MASK);
	CHECK(s2t_map(&f.ept, 9, 1, S2_EXEC) == ST_OK);
	CHECK((raw_leaf(&f.ept, 9) & LEAF_RWX) == VMX_EPT_EXECUTABLE_MASK);
	CHECK(s2t_map(&f.ept, 10, 1, S2_READ | S2_WRITE) == ST_OK);
	CHECK((raw_leaf(&f.ept, 10) & LEAF_RWX) ==
	      (VMX_EPT_READABLE_MASK | VMX_EPT_WRITABLE_MASK));
	teardown(&f);
}

/* Accessed and dirty flags the CPU sets do not change what the tables say. */
static void test_accessed_dirty_ignored(void)
{
	struct fixture f;
	uint64_t *pml4;
	mfn_t m = 0;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(s2t_map(&f.ept, 3, 0x42, RWX) == ST_OK);
	pml4 = mfn_ptr(f.ept.root);
	pml4[0] |= VMX_EPT_ACCESS_BIT;
	*leaf_ptr(&f.ept, 3) |= VMX_EPT_ACCESS_BIT | VMX_EPT_DIRTY_BIT;
	CHECK(s2t_lookup(&f.ept, 3, &m) == ST_OK && m == 0x42);
	CHECK(s2t_map(&f.ept, 4, 0x43, RWX) == ST_OK);
	CHECK(s2t_unmap(&f.ept, 3, &m) == ST_OK && m == 0x42);
	CHECK(f.ept.table_pages == 4);
	teardown(&f);
}

static void test_accessed_sampling(void)
{
	struct fixture f;
	bool a = true;
	mfn_t m = 0;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(s2t_map(&f.ept, 5, 0x45, RWX) == ST_OK);
	CHECK(s2t_test_and_clear_accessed(&f.ept, 5, &a) == ST_OK && !a);
	*leaf_ptr(&f.ept, 5) |= VMX_EPT_ACCESS_BIT; /* as the CPU would */
	CHECK(s2t_test_and_clear_accessed(&f.ept, 5, &a) == ST_OK && a);
	CHECK(s2t_test_and_clear_accessed(&f.ept, 5, &a) == ST_OK && !a);
	CHECK(s2t_lookup(&f.ept, 5, &m) == ST_OK && m == 0x45);
	CHECK(s2t_test_and_clear_accessed(&f.ept, 6, &a) == ST_NOENT);
	CHECK(s2t_test_and_clear_accessed(&f.ept, 1024, &a) == ST_RANGE);
	teardown(&f);
}

static void test_soft_entries(void)
{
	struct fixture f;
	mfn_t m;
	uint64_t s = 99;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(s2t_get_soft(&f.ept, 10, &s) == ST_OK && s == 0);
	/* Emptying an entry under no table allocates none. */
	CHECK(s2t_set_soft(&f.ept, 10, 0) == ST_OK);
	CHECK(f.ept.table_pages == 1);
	/* A soft value needs its tables, made only by ept_prepare. */
	CHECK(s2t_set_soft(&f.ept, 10, 0x1234567) == ST_NOENT);
	CHECK(f.ept.table_pages == 1);
	CHECK(s2t_prepare(&f.ept, 10) == ST_OK);
	CHECK(f.ept.table_pages == 4);
	CHECK(s2t_get_soft(&f.ept, 10, &s) == ST_OK && s == 0);
	CHECK(s2t_set_soft(&f.ept, 10, 0x1234567) == ST_OK);
	CHECK(s2t_get_soft(&f.ept, 10, &s) == ST_OK && s == 0x1234567);
	CHECK((raw_leaf(&f.ept, 10) & LEAF_RWX) == 0);
	CHECK(s2t_lookup(&f.ept, 10, &m) == ST_NOENT);
	CHECK(s2t_unmap(&f.ept, 10, &m) == ST_NOENT);
	CHECK(s2t_set_soft(&f.ept, 11, EPT_SOFT_MAX) == ST_OK);
	CHECK(s2t_get_soft(&f.ept, 11, &s) == ST_OK && s == EPT_SOFT_MAX);
	CHECK((raw_leaf(&f.ept, 11) & LEAF_RWX) == 0);
	CHECK(s2t_set_soft(&f.ept, 12, EPT_SOFT_MAX + 1) == ST_INVAL);
	CHECK(s2t_get_soft(&f.ept, 12, &s) == ST_OK && s == 0);
	/* A soft entry is replaced by a mapping and comes back after unmap. */
	CHECK(s2t_map(&f.ept, 10, 0x77, RWX) == ST_OK);
	CHECK(s2t_get_soft(&f.ept, 10, &s) == ST_EXIST);
	CHECK(s2t_set_soft(&f.ept, 10, 5) == ST_EXIST);
	CHECK(s2t_lookup(&f.ept, 10, &m) == ST_OK && m == 0x77);
	CHECK(s2t_unmap(&f.ept, 10, &m) == ST_OK && m == 0x77);
	CHECK(s2t_set_soft(&f.ept, 10, 5) == ST_OK);
	CHECK(s2t_get_soft(&f.ept, 10, &s) == ST_OK && s == 5);
	CHECK(s2t_set_soft(&f.ept, 10, 0) == ST_OK);
	CHECK(raw_leaf(&f.ept, 10) == 0);
	teardown(&f);
}

/* Collects what a visit sees; stops with 1 after stop_after calls. */
struct seen {
	gfn_t gfn[16];
	uint64_t value[16];
	size_t n;
	size_t stop_after;
};

static int record(void *ctx, gfn_t gfn, uint64_t value)
{
	struct seen *s = ctx;

	s->gfn[s->n] = gfn;
	s->value[s->n] = value;
	return ++s->n == s->stop_after;
}

static void test_visitors(void)
{
	static const gfn_t gfns[] = { 1ull << 27, 3, 512, 1ull << 18, 0, 511 };
	struct fixture f;
	struct seen s = { .stop_after = 0 };

	setup(&f, ARENA_PAGES, EPT_GFN_LIMIT_MAX);
	for (size_t i = 0; i < 6; i++)
		CHECK(s2t_map(&f.ept, gfns[i], 100 + gfns[i] % 97, RWX) == ST_OK);
	CHECK(s2t_set_soft(&f.ept, 4, 44) == ST_OK);
	CHECK(s2t_prepare(&f.ept, 1ull << 30) == ST_OK);
	CHECK(s2t_set_soft(&f.ept, 1ull << 30, 55) == ST_OK);
	CHECK(s2t_for_each_mapped(&f.ept, record, &s) == 0);
	CHECK(s.n == 6);
	static const gfn_t sorted[] = { 0, 3, 511, 512, 1ull << 18, 1ull << 27 };

	for (size_t i = 0; i < 6 && i < s.n; i++) {
		CHECK(s.gfn[i] == sorted[i]);
		CHECK(s.value[i] == 100 + sorted[i] % 97);
	}
	s = (struct seen){ .stop_after = 3 };
	CHECK(s2t_for_each_mapped(&f.ept, record, &s) == 1);
	CHECK(s.n == 3);
	s = (struct seen){ .stop_after = 0 };
	CHECK(s2t_for_each_soft(&f.ept, record, &s) == 0);
	CHECK(s.n == 2);
	CHECK(s.gfn[0] == 4 && s.value[0] == 44);
	CHECK(s.gfn[1] == 1ull << 30 && s.value[1] == 55);
	teardown(&f);
	s = (struct seen){ .stop_after = 0 };
	CHECK(s2t_for_each_mapped(&f.ept, record, &s) == 0 && s.n == 0);
}

/* A dead guest's teardown: free its pages through the visitor, then the
 * tables; pmem must be back where it started. */
struct reclaim {
	struct stage2 *ept;
	struct pmem *pmem;
};

static int reclaim_page(void *ctx, gfn_t gfn, uint64_t mfn)
{
	struct reclaim *r = ctx;
	mfn_t old;

	CHECK(s2t_unmap(r->ept, gfn, &old) == ST_OK && old == mfn);
	return pmem_free(r->pmem, mfn, PMEM_GUEST);
}

static void test_destroy_returns_every_page(void)
{
	struct fixture f;
	struct pmem *p = &f.pmem;

	setup(&f, 256, EPT_GFN_LIMIT_MAX);
	CHECK(s2t_destroy(&f.ept) == ST_OK);
	uint64_t free_before = pmem_count(p, PMEM_FREE);

	CHECK(ept_init(&f.ept, p, EPT_GFN_LIMIT_MAX) == ST_OK);
	for (gfn_t g = 0; g < 100; g++) {
		/* Four distant regions, a few tables each. */
		gfn_t gfn = (g % 4) << 27 | g * 37;
		mfn_t m = pmem_alloc(p, PMEM_GUEST);

		CHECK(s2t_map(&f.ept, gfn, m, RWX) == ST_OK);
	}
	CHECK(pmem_count(p, PMEM_HYPERVISOR) == 1 + f.ept.table_pages);
	CHECK(pmem_count(p, PMEM_FREE) ==
	      free_before - 100 - f.ept.table_pages);
	struct reclaim r = { &f.ept, p };

	CHECK(s2t_for_each_mapped(&f.ept, reclaim_page, &r) == ST_OK);
	CHECK(pmem_count(p, PMEM_GUEST) == 0);
	CHECK(s2t_destroy(&f.ept) == ST_OK);
	CHECK(pmem_count(p, PMEM_FREE) == free_before);
	CHECK(s2t_destroy(&f.ept) == ST_OK);
	CHECK(ept_init(&f.ept, p, 1) == ST_OK);
	teardown(&f);
}

static void test_out_of_tables(void)
{
	struct fixture f;
	int st = ST_OK;
	gfn_t g;

	/* 7 free pages after the owner array and the PML4: two full paths
	 * of three tables, then one table short. */
	setup(&f, 9, EPT_GFN_LIMIT_MAX);
	for (g = 0; st == ST_OK; g++)
		st = s2t_map(&f.ept, g << 27, 1, RWX);
	CHECK(st == ST_NOMEM);
	CHECK(g == 3);
	CHECK(pmem_count(&f.pmem, PMEM_FREE) == 0);
	CHECK(pmem_check(&f.pmem) == ST_OK);
	mfn_t m;

	CHECK(s2t_lookup(&f.ept, 2ull << 27, &m) == ST_NOENT);
	CHECK(s2t_set_soft(&f.ept, 2ull << 27, 1) == ST_NOENT);
	CHECK(s2t_prepare(&f.ept, 2ull << 27) == ST_NOMEM);
	CHECK(s2t_set_soft(&f.ept, 2ull << 27, 1) == ST_NOENT);
	CHECK(pmem_check(&f.pmem) == ST_OK);
	teardown(&f);
}

/* ept_prepare makes a leaf's tables and nothing else; the table limit
 * refuses it before any allocation. */
static void test_prepare_and_limit(void)
{
	struct fixture f;
	uint64_t s = 1;

	setup(&f, ARENA_PAGES, EPT_GFN_LIMIT_MAX);
	CHECK(s2t_prepare(&f.ept, 5) == ST_OK);
	CHECK(f.ept.table_pages == 4);
	CHECK(s2t_get_soft(&f.ept, 5, &s) == ST_OK && s == 0);
	CHECK(raw_leaf(&f.ept, 5) == 0);
	CHECK(s2t_prepare(&f.ept, 6) == ST_OK);
	CHECK(f.ept.table_pages == 4);   /* already there */
	f.ept.table_limit = 6;
	CHECK(s2t_prepare(&f.ept, 1ull << 27) == ST_FULL); /* needs 3 */
	CHECK(f.ept.table_pages == 4);
	CHECK(s2t_prepare(&f.ept, 1ull << 18) == ST_OK);   /* needs 2 */
	CHECK(f.ept.table_pages == 6);
	CHECK(s2t_prepare(&f.ept, 512) == ST_FULL);
	CHECK(s2t_prepare(&f.ept, 7) == ST_OK);            /* needs none */
	/* Mapping a page is never refused by the limit. */
	CHECK(s2t_map(&f.ept, 512, 1, RWX) == ST_OK);
	CHECK(f.ept.table_pages == 7);
	CHECK(pmem_count(&f.pmem, PMEM_HYPERVISOR) == 1 + 7);
	teardown(&f);
}

/* ept_exchange_soft replaces any entry in one call and says what it was. */
static void test_exchange_soft(void)
{
	struct fixture f;
	uint64_t old = 0, s;
	bool mapped = true;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(s2t_exchange_soft(&f.ept, 5, 1, &old, &mapped) == ST_NOENT);
	CHECK(s2t_exchange_soft(&f.ept, 1024, 1, &old, &mapped) == ST_RANGE);
	CHECK(s2t_map(&f.ept, 5, 0x99, RWX) == ST_OK);
	CHECK(s2t_exchange_soft(&f.ept, 5, 0, &old, &mapped) == ST_INVAL);
	CHECK(s2t_exchange_soft(&f.ept, 5, EPT_SOFT_MAX + 1, &old, &mapped) == ST_INVAL);
	CHECK(s2t_lookup(&f.ept, 5, &old) == ST_OK && old == 0x99);
	CHECK(s2t_exchange_soft(&f.ept, 5, 3, &old, &mapped) == ST_OK);
	CHECK(mapped && old == 0x99);
	CHECK(s2t_get_soft(&f.ept, 5, &s) == ST_OK && s == 3);
	CHECK(s2t_exchange_soft(&f.ept, 5, 4, &old, &mapped) == ST_OK);
	CHECK(!mapped && old == 3);
	CHECK(s2t_exchange_soft(&f.ept, 6, 4, &old, &mapped) == ST_OK);
	CHECK(!mapped && old == 0);
	CHECK((raw_leaf(&f.ept, 6) & LEAF_RWX) == 0);
	teardown(&f);
}

/* ept_trim frees a leaf table left empty and the tables above it that it
 * empties, never the PML4 or a table still holding an entry. */
static void test_trim(void)
{
	struct fixture f;
	mfn_t m;

	setup(&f, ARENA_PAGES, EPT_GFN_LIMIT_MAX);
	CHECK(s2t_trim(&f.ept, 5) == 0);
	CHECK(s2t_prepare(&f.ept, 5) == ST_OK);
	CHECK(s2t_set_soft(&f.ept, 5, 9) == ST_OK);
	CHECK(s2t_map(&f.ept, 600, 2, RWX) == ST_OK);   /* same PD, next PT */
	CHECK(f.ept.table_pages == 5);
	CHECK(s2t_trim(&f.ept, 5) == 0);                /* holds a soft entry */
	CHECK(s2t_set_soft(&f.ept, 5, 0) == ST_OK);
	CHECK(s2t_trim(&f.ept, 5) == 1);                /* its PT only */
	CHECK(f.ept.table_pages == 4);
	CHECK(s2t_get_soft(&f.ept, 5, &m) == ST_OK && m == 0);
	CHECK(s2t_lookup(&f.ept, 600, &m) == ST_OK && m == 2);
	CHECK(s2t_trim(&f.ept, 600) == 0);              /* mapped */
	CHECK(s2t_unmap(&f.ept, 600, &m) == ST_OK);
	CHECK(s2t_trim(&f.ept, 600) == 3);              /* PT, PD, PDPT */
	CHECK(f.ept.table_pages == 1);
	CHECK(*(uint64_t *)mfn_ptr(f.ept.root) == 0);
	/* Tables a prepare left behind, with nothing under them, go too. */
	CHECK(s2t_prepare(&f.ept, 1ull << 30) == ST_OK);
	CHECK(s2t_trim(&f.ept, (1ull << 30) + 1) == 3);
	CHECK(pmem_count(&f.pmem, PMEM_HYPERVISOR) == 1 + 1);
	teardown(&f);
}

static void test_eptp(void)
{
	struct fixture f;

	setup(&f, ARENA_PAGES, 1024);
	uint64_t eptp = ept_eptp(f.ept.root, false);

	CHECK((eptp & VMX_EPTP_MT_MASK) == 6);
	CHECK((eptp & VMX_EPTP_PWL_MASK) >> 3 == 4 - 1);
	CHECK((eptp & VMX_EPTP_AD_ENABLE_BIT) == 0);
	CHECK((eptp & 0xf80) == 0);
	CHECK(eptp >> PAGE_SHIFT == f.ept.root);
	CHECK(eptp == (f.ept.root << 12 | 0x1e));
	CHECK(ept_eptp(f.ept.root, true) == (eptp | 0x40));
	teardown(&f);
}

/* The p2m's calls (hv/mm/stage2.h) reach these tables through the ops. */
static void test_stage2_ops(void)
{
	struct fixture f;
	struct stage2 s;
	mfn_t m = 0;
	uint64_t soft = 1;

	setup(&f, ARENA_PAGES, 1024);
	CHECK(!strcmp(ept_format.ops.name, "EPT"));
	CHECK(ept_format.ops.levels == EPT_LEVELS);
	CHECK(ept_format.ops.gfn_limit_max == EPT_GFN_LIMIT_MAX);
	CHECK(f.ept.ops == &ept_format.ops);
	CHECK(s2_map(&f.ept, 3, 0x33, S2_READ | S2_WRITE) == ST_OK);
	CHECK((raw_leaf(&f.ept, 3) & LEAF_RWX) ==
	      (VMX_EPT_READABLE_MASK | VMX_EPT_WRITABLE_MASK));
	CHECK(s2_lookup(&f.ept, 3, &m) == ST_OK && m == 0x33);
	CHECK(s2_get_soft(&f.ept, 4, &soft) == ST_OK && soft == 0);
	CHECK(s2_unmap(&f.ept, 3, &m) == ST_OK && m == 0x33);
	CHECK(s2_init(&s, &ept_format.ops, &f.pmem, EPT_GFN_LIMIT_MAX + 1) == ST_RANGE);
	CHECK(s.ops == &ept_format.ops && s2_destroy(&s) == ST_OK);
	teardown(&f);
}

static const struct unit_test tests[] = {
	{ "init and its refusals", test_init },
	{ "map, lookup, unmap, remap refused", test_map_lookup_unmap },
	{ "table pages counted", test_table_pages },
	{ "out of range and bad perms refused", test_refusals },
	{ "entry bits as the SDM says", test_entry_bits },
	{ "accessed and dirty flags ignored", test_accessed_dirty_ignored },
	{ "accessed flag sampled and cleared", test_accessed_sampling },
	{ "soft entries round trip and read as not present", test_soft_entries },
	{ "visitors in gfn order", test_visitors },
	{ "destroy returns every page", test_destroy_returns_every_page },
	{ "out of table pages", test_out_of_tables },
	{ "prepare makes tables only, within the limit", test_prepare_and_limit },
	{ "trim frees tables left empty", test_trim },
	{ "exchange a soft value for any entry", test_exchange_soft },
	{ "eptp format", test_eptp },
	{ "the stage-2 calls reach the EPT", test_stage2_ops },
};

int main(void)
{
	return CHECK_RUN("ept", tests);
}
