/*
 * Unit tests of the machine page allocator (hv/mm/pmem.c). Each test gives
 * the allocator a page-aligned arena from aligned_alloc, whose addresses
 * stand for machine addresses as the identity map makes them in the
 * hypervisor.
 */
#include "hv/mm/pmem.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

struct arena {
	unsigned char *mem;
	mfn_t base;   /* mfn of the arena's first page */
	size_t pages;
};

static struct arena arena_new(size_t pages)
{
	struct arena a = { aligned_alloc(PAGE_SIZE, pages * PAGE_SIZE), 0, pages };

	a.base = ptr_maddr(a.mem) >> PAGE_SHIFT;
	return a;
}

/* Adds arena pages [first, last) as one range. */
static int add_pages(struct pmem *p, const struct arena *a, size_t first,
		     size_t last)
{
	return pmem_add_range(p, (a->base + first) << PAGE_SHIFT,
			      (a->base + last) << PAGE_SHIFT);
}

/* An allocator over the whole arena, committed. */
static void pmem_over(struct pmem *p, const struct arena *a)
{
	pmem_init(p);
	CHECK(add_pages(p, a, 0, a->pages) == ST_OK);
	CHECK(pmem_commit(p) == ST_OK);
}

/* The tests' own xorshift64, so that they do not depend on hv/mm/prng. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_commit_counts(void)
{
	struct arena a = arena_new(64);
	struct pmem p;

	pmem_over(&p, &a);
	/* 64 owner bytes fit in one page, the arena's first. */
	CHECK(pmem_total(&p) == 64);
	CHECK(pmem_count(&p, PMEM_HYPERVISOR) == 1);
	CHECK(pmem_count(&p, PMEM_FREE) == 63);
	CHECK(pmem_count(&p, PMEM_UNMANAGED) == 0);
	CHECK(pmem_owner_of(&p, a.base) == PMEM_HYPERVISOR);
	CHECK(pmem_check(&p) == ST_OK);
	CHECK(pmem_alloc(&p, PMEM_GUEST) == a.base + 1);
	free(a.mem);
}

static void test_alloc_until_empty(void)
{
	struct arena a = arena_new(32);
	struct pmem p;
	mfn_t got[31];

	pmem_over(&p, &a);
	for (size_t i = 0; i < 31; i++) {
		got[i] = pmem_alloc(&p, PMEM_GUEST);
		CHECK(got[i] == a.base + 1 + i);
		CHECK(pmem_owner_of(&p, got[i]) == PMEM_GUEST);
	}
	CHECK(pmem_alloc(&p, PMEM_GUEST) == MFN_INVALID);
	CHECK(pmem_count(&p, PMEM_FREE) == 0);
	CHECK(pmem_count(&p, PMEM_GUEST) == 31);
	CHECK(pmem_check(&p) == ST_OK);
	for (size_t i = 0; i < 31; i++)
		CHECK(pmem_free(&p, got[i], PMEM_GUEST) == ST_OK);
	CHECK(pmem_count(&p, PMEM_FREE) == 31);
	CHECK(pmem_count(&p, PMEM_GUEST) == 0);
	CHECK(pmem_check(&p) == ST_OK);
	/* LIFO: the page freed last comes back first. */
	CHECK(pmem_alloc(&p, PMEM_HYPERVISOR) == got[30]);
	free(a.mem);
}

static void test_bad_free_refused(void)
{
	struct arena a = arena_new(16);
	struct pmem p;

	pmem_over(&p, &a);
	mfn_t m = pmem_alloc(&p, PMEM_GUEST);

	CHECK(pmem_free(&p, m, PMEM_HYPERVISOR) == ST_INVAL);
	CHECK(pmem_free(&p, m, PMEM_GUEST) == ST_OK);
	CHECK(pmem_free(&p, m, PMEM_GUEST) == ST_INVAL);
	CHECK(pmem_free(&p, m, PMEM_FREE) == ST_INVAL);
	CHECK(pmem_free(&p, a.base - 1, PMEM_GUEST) == ST_RANGE);
	CHECK(pmem_free(&p, a.base + 16, PMEM_GUEST) == ST_RANGE);
	CHECK(pmem_free(&p, MFN_INVALID, PMEM_GUEST) == ST_RANGE);
	/* The owner array's own page is the hypervisor's, not a guest's. */
	CHECK(pmem_free(&p, a.base, PMEM_GUEST) == ST_INVAL);
	CHECK(pmem_count(&p, PMEM_FREE) == 15);
	CHECK(pmem_check(&p) == ST_OK);
	free(a.mem);
}

static void test_owner_changes(void)
{
	struct arena a = arena_new(16);
	struct pmem p;

	pmem_over(&p, &a);
	mfn_t m = pmem_alloc(&p, PMEM_GUEST);

	CHECK(pmem_alloc(&p, PMEM_FREE) == MFN_INVALID);
	CHECK(pmem_alloc(&p, PMEM_UNMANAGED) == MFN_INVALID);
	CHECK(pmem_set_owner(&p, m, PMEM_GUEST, PMEM_INFLIGHT) == ST_OK);
	CHECK(pmem_owner_of(&p, m) == PMEM_INFLIGHT);
	CHECK(pmem_count(&p, PMEM_GUEST) == 0);
	CHECK(pmem_count(&p, PMEM_INFLIGHT) == 1);
	CHECK(pmem_set_owner(&p, m, PMEM_GUEST, PMEM_HYPERVISOR) == ST_INVAL);
	CHECK(pmem_set_owner(&p, m, PMEM_INFLIGHT, PMEM_FREE) == ST_INVAL);
	CHECK(pmem_set_owner(&p, m, PMEM_INFLIGHT, PMEM_NR_OWNERS) == ST_INVAL);
	CHECK(pmem_set_owner(&p, a.base + 99, PMEM_GUEST, PMEM_INFLIGHT) ==
	      ST_RANGE);
	CHECK(pmem_check(&p) == ST_OK);
	CHECK(pmem_free(&p, m, PMEM_INFLIGHT) == ST_OK);
	CHECK(pmem_count(&p, PMEM_INFLIGHT) == 0);
	CHECK(pmem_check(&p) == ST_OK);
	CHECK(pmem_count(&p, PMEM_NR_OWNERS) == 0);
	free(a.mem);
}

static void test_add_range_refusals(void)
{
	struct pmem p;

	pmem_init(&p);
	CHECK(pmem_add_range(&p, 0x5000, 0x5000) == ST_INVAL);
	CHECK(pmem_add_range(&p, 0x6000, 0x5000) == ST_INVAL);
	CHECK(pmem_add_range(&p, 0x5001, 0x5fff) == ST_INVAL);
	CHECK(pmem_add_range(&p, 0x1000, PMEM_MADDR_LIMIT + 0x1000) == ST_RANGE);
	/* Trimmed inward: [0x5001, 0x8fff) holds pages 6 and 7. */
	CHECK(pmem_add_range(&p, 0x5001, 0x8fff) == ST_OK);
	CHECK(p.ranges[0].start == 6 && p.ranges[0].end == 8);
	CHECK(pmem_add_range(&p, 0x7000, 0x9000) == ST_EXIST);
	CHECK(pmem_add_range(&p, 0x4000, 0x7000) == ST_EXIST);
	/* Touching ranges do not overlap. */
	CHECK(pmem_add_range(&p, 0x8000, 0x9000) == ST_OK);
	/* Page 0 is trimmed away. */
	CHECK(pmem_add_range(&p, 0, 0x1000) == ST_INVAL);
	CHECK(pmem_add_range(&p, 0, 0x2000) == ST_OK);
	CHECK(p.ranges[2].start == 1 && p.ranges[2].end == 2);
	for (size_t i = p.nranges; i < PMEM_MAX_RANGES; i++)
		CHECK(pmem_add_range(&p, (0x100 + i) << PAGE_SHIFT,
				     (0x101 + i) << PAGE_SHIFT) == ST_OK);
	CHECK(pmem_add_range(&p, 0x9000, 0xa000) == ST_FULL);
	CHECK(p.nranges == PMEM_MAX_RANGES);
}

static void test_commit_refusals(void)
{
	/* 4201 pages need two owner-array pages; no range has two. */
	struct arena a = arena_new(4201);
	struct pmem p;

	pmem_init(&p);
	CHECK(pmem_commit(&p) == ST_INVAL);
	CHECK(add_pages(&p, &a, 0, 1) == ST_OK);
	CHECK(add_pages(&p, &a, 4200, 4201) == ST_OK);
	CHECK(pmem_commit(&p) == ST_NOMEM);
	CHECK(pmem_alloc(&p, PMEM_GUEST) == MFN_INVALID);
	CHECK(pmem_check(&p) == ST_OK);

	pmem_over(&p, &a);
	CHECK(pmem_commit(&p) == ST_INVAL);
	CHECK(add_pages(&p, &a, 0, 1) == ST_INVAL);
	free(a.mem);
}

static void test_holes_and_placement(void)
{
	/* Span of 4100 pages: the array takes two, so it skips the one-page
	 * range at the bottom and goes to the start of the next. */
	struct arena a = arena_new(4100);
	struct pmem p;

	pmem_init(&p);
	CHECK(add_pages(&p, &a, 3000, 4100) == ST_OK);
	CHECK(add_pages(&p, &a, 0, 1) == ST_OK);
	CHECK(add_pages(&p, &a, 2, 1000) == ST_OK);
	CHECK(pmem_commit(&p) == ST_OK);
	CHECK(pmem_total(&p) == 1 + 998 + 1100);
	CHECK(pmem_count(&p, PMEM_UNMANAGED) == 1 + 2000);
	CHECK(pmem_count(&p, PMEM_HYPERVISOR) == 2);
	CHECK(pmem_owner_of(&p, a.base) == PMEM_FREE);
	CHECK(pmem_owner_of(&p, a.base + 1) == PMEM_UNMANAGED);
	CHECK(pmem_owner_of(&p, a.base + 2) == PMEM_HYPERVISOR);
	CHECK(pmem_owner_of(&p, a.base + 3) == PMEM_HYPERVISOR);
	CHECK(pmem_owner_of(&p, a.base + 4) == PMEM_FREE);
	CHECK(pmem_free(&p, a.base + 1, PMEM_GUEST) == ST_RANGE);
	CHECK(pmem_check(&p) == ST_OK);

	/* Every page handed out is managed, none twice. */
	mfn_t m, prev = 0;
	uint64_t n = 0;

	while ((m = pmem_alloc(&p, PMEM_GUEST)) != MFN_INVALID) {
		CHECK(m > prev || n == 0);
		CHECK(m == a.base || (m >= a.base + 4 && m < a.base + 1000) ||
		      (m >= a.base + 3000 && m < a.base + 4100));
		prev = m;
		n++;
	}
	CHECK(n == 1 + 996 + 1100);
	CHECK(pmem_check(&p) == ST_OK);
	free(a.mem);
}

/* A page the random test holds, with its expected owner. */
struct held {
	mfn_t mfn;
	enum pmem_owner owner;
};

/* One random step: allocate, free, or move a held page to another owner. */
static void random_step(struct pmem *p, struct held *h, size_t *n,
			uint64_t *seed)
{
	uint64_t r = next_random(seed);
	enum pmem_owner o = (enum pmem_owner)(PMEM_HYPERVISOR + (r >> 8) % 3);

	if (r % 3 == 0 || *n == 0) {
		mfn_t m = pmem_alloc(p, o);

		if (m != MFN_INVALID)
			h[(*n)++] = (struct held){ m, o };
		return;
	}
	size_t i = (r >> 16) % *n;

	if (r % 3 == 1) {
		CHECK(pmem_free(p, h[i].mfn, h[i].owner) == ST_OK);
		CHECK(pmem_free(p, h[i].mfn, h[i].owner) == ST_INVAL);
		h[i] = h[--*n];
		return;
	}
	CHECK(pmem_set_owner(p, h[i].mfn, h[i].owner, o) == ST_OK);
	h[i].owner = o;
}

/* Runs steps random steps; writes the mfns allocated, relative to the
 * arena, into trace (one per step, 0 when the step did not allocate). */
static void random_run(const struct arena *a, uint64_t seed, size_t steps,
		       mfn_t *trace)
{
	struct pmem p;
	struct held h[256];
	size_t n = 0;

	pmem_over(&p, a);
	for (size_t s = 0; s < steps; s++) {
		size_t before = n;

		random_step(&p, h, &n, &seed);
		trace[s] = n > before ? h[n - 1].mfn - a->base : 0;
		CHECK(pmem_check(&p) == ST_OK);
	}
	uint64_t by_owner[PMEM_NR_OWNERS] = { 0 };

	for (size_t i = 0; i < n; i++)
		by_owner[h[i].owner]++;
	for (int o = PMEM_HYPERVISOR; o < PMEM_NR_OWNERS; o++)
		CHECK(pmem_count(&p, o) ==
		      by_owner[o] + (o == PMEM_HYPERVISOR));
	CHECK(pmem_count(&p, PMEM_FREE) == a->pages - 1 - n);
}

static void test_random_sequences_check(void)
{
	struct arena a = arena_new(200);
	mfn_t trace[2000];

	for (uint64_t seed = 1; seed <= 5; seed++)
		random_run(&a, seed * 0x9e3779b97f4a7c15ull, 2000, trace);
	free(a.mem);
}

static void test_deterministic(void)
{
	struct arena a = arena_new(200), b = arena_new(200);
	static mfn_t ta[3000], tb[3000];

	random_run(&a, 42, 3000, ta);
	random_run(&b, 42, 3000, tb);
	CHECK(memcmp(ta, tb, sizeof(ta)) == 0);
	free(a.mem);
	free(b.mem);
}

static void test_check_detects_corruption(void)
{
	struct arena a = arena_new(16);
	struct pmem p;

	pmem_over(&p, &a);
	mfn_t m = pmem_alloc(&p, PMEM_GUEST);
	mfn_t head = p.free_head;
	mfn_t link = *(mfn_t *)mfn_ptr(head);

	p.owner[m - a.base] = PMEM_FREE;
	CHECK(pmem_check(&p) == ST_INVAL);
	p.owner[m - a.base] = PMEM_GUEST;
	/* A cycle in the free list. */
	*(mfn_t *)mfn_ptr(head) = head;
	CHECK(pmem_check(&p) == ST_INVAL);
	/* A list that leads into an allocated page. */
	*(mfn_t *)mfn_ptr(head) = m;
	CHECK(pmem_check(&p) == ST_INVAL);
	*(mfn_t *)mfn_ptr(head) = link;
	CHECK(pmem_check(&p) == ST_OK);
	p.count[PMEM_GUEST]++;
	CHECK(pmem_check(&p) == ST_INVAL);
	free(a.mem);
}

static void test_page_zero(void)
{
	struct arena a = arena_new(4);
	struct pmem p;

	pmem_over(&p, &a);
	mfn_t m = pmem_alloc(&p, PMEM_GUEST);
	unsigned char *page = mfn_ptr(m);

	memset(page, 0xaa, PAGE_SIZE);
	page_zero(m);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		CHECK(page[i] == 0);
	free(a.mem);
}

static const struct unit_test tests[] = {
	{ "commit counts", test_commit_counts },
	{ "alloc until empty, free", test_alloc_until_empty },
	{ "bad free refused", test_bad_free_refused },
	{ "owner changes", test_owner_changes },
	{ "add_range refusals", test_add_range_refusals },
	{ "commit refusals", test_commit_refusals },
	{ "holes and array placement", test_holes_and_placement },
	{ "random sequences pass pmem_check", test_random_sequences_check },
	{ "deterministic order", test_deterministic },
	{ "pmem_check detects corruption", test_check_detects_corruption },
	{ "page_zero", test_page_zero },
};

int main(void)
{
	return CHECK_RUN("pmem", tests);
}
