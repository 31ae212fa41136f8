/*
 * libFuzzer target for the checks of what a guest hands the balloon
 * hypercalls (hv/mm/balloon.c, hv/mm/p2m.c): an inflate or deflate list
 * against a guest whose pages the input puts in every state, and the
 * stats buffer, which HC_REPORT_STATS reads with p2m_read. Each verdict
 * must be the one a plain model gives; a list that passes must then apply
 * whole, and the guest must give every page back. Never a crash, a read
 * past the list or a leak.
 *
 * Input: u16 guest pages - 1 (mod MAX_GUEST), u8 setup count, then that
 * many (u16 gfn, u8 state) records, then u64 stats gpa, u8 stats count,
 * u8 op (bit 0: deflate), then the list's u64 page numbers.
 */
#include "hv/mm/balloon.h"

#include <stdlib.h>
#include <string.h>

#include "hv/arch/x86/vmx/ept.h"

#define MAX_GUEST 1024
/* The guest's pages, its tables and room for the allocator's own array. */
#define ARENA_PAGES (MAX_GUEST + 64)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && in->left; i++, in->left--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

static struct pmem pm;
static struct p2m g;
static uint8_t *arena;
static uint64_t gfns[HC_BALLOON_LIST_MAX], sorted[HC_BALLOON_LIST_MAX];
static uint8_t seen[MAX_GUEST];

static void must(int cond)
{
	if (!cond)
		abort();
}

static void setup(unsigned pages)
{
	if (!arena)
		arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	pmem_init(&pm);
	must(pmem_add_range(&pm, ptr_maddr(arena),
			    ptr_maddr(arena) + ARENA_PAGES * PAGE_SIZE) == ST_OK);
	must(pmem_commit(&pm) == ST_OK);
	must(p2m_init(&g, &pm, &ept_format.ops, (uint64_t)pages * PAGE_SIZE) == ST_OK);
}

/* Puts gfn in a state (0 mapped, 1 ballooned, 2 swapped, 3 untouched)
 * the way the hypervisor gets it there; a step the p2m refuses is fine. */
static void set_state(gfn_t gfn, unsigned state)
{
	slot_t slot;
	mfn_t mfn;

	if (gfn >= g.nr_gfns || p2m_state_of(&g, gfn) != P2M_UNTOUCHED)
		return;
	if (state == 1 && p2m_prepare(&g, gfn) == ST_OK)
		p2m_balloon(&g, gfn, &slot);
	if (state == 0 || state == 2)
		p2m_fault(&g, gfn << PAGE_SHIFT);
	if (state == 2 && p2m_swap_out_begin(&g, gfn, &mfn) == ST_OK)
		must(p2m_swap_out_end(&g, gfn, mfn, (slot_t)gfn, true) == ST_OK);
}

/* HC_REPORT_STATS's buffer: refused unless every byte is in a mapped page. */
static void check_stats(uint64_t gpa, unsigned count)
{
	struct balloon_stat st[HC_STATS_MAX];
	size_t len = (size_t)count * sizeof(st[0]);
	uint64_t size = g.nr_gfns << PAGE_SHIFT;
	int want = ST_OK, got;

	if (count == 0 || count > HC_STATS_MAX)
		return;
	if (gpa >= size || len > size - gpa)
		want = ST_RANGE;
	for (uint64_t a = gpa & ~PAGE_MASK; want == ST_OK && a < gpa + len;
	     a += PAGE_SIZE)
		if (p2m_state_of(&g, a >> PAGE_SHIFT) != P2M_MAPPED)
			want = ST_NOENT;
	got = p2m_read(&g, gpa, st, len);
	must(got == want);
}

/* What balloon_check must answer: the first bad entry's error in list
 * order, else HC_E_DUPLICATE if a page comes twice. */
static int model(const struct balloon_list *l)
{
	int dup = 0;

	memset(seen, 0, sizeof(seen));
	for (unsigned i = 0; i < l->n; i++) {
		uint64_t gfn = l->gfns[i];
		enum p2m_state s;

		if (gfn >= g.nr_gfns)
			return HC_E_RANGE;
		s = p2m_state_of(&g, gfn);
		if (l->op == BALLOON_INFLATE && s == P2M_BALLOONED)
			return HC_E_BALLOONED;
		if (l->op == BALLOON_DEFLATE && s != P2M_BALLOONED)
			return HC_E_NOT_BALLOONED;
		dup |= seen[gfn]++;
	}
	return dup ? HC_E_DUPLICATE : 0;
}

static void ignore_slot(void *ctx, gfn_t gfn, slot_t slot)
{
	(void)ctx;
	must(slot == (slot_t)gfn);
}

/* A list that passed: it applies whole, or prepare refuses it whole. */
static void apply(const struct balloon_list *l)
{
	uint64_t ballooned = g.ballooned_pages;
	enum p2m_state want = l->op == BALLOON_INFLATE ? P2M_BALLOONED :
							 P2M_UNTOUCHED;
	int st = balloon_prepare(&g, l);

	if (st == ST_NOMEM || st == ST_FULL)
		return;
	must(st == ST_OK);
	must(balloon_apply(&g, l, ignore_slot, NULL) >= 0);
	for (unsigned i = 0; i < l->n; i++)
		must(p2m_state_of(&g, l->gfns[i]) == want);
	must(g.ballooned_pages == (l->op == BALLOON_INFLATE ?
				   ballooned + l->n : ballooned - l->n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	unsigned pages = 1 + take(&in, 2) % MAX_GUEST;
	unsigned nsetup = take(&in, 1);
	struct balloon_list l = { BALLOON_INFLATE, NULL, sorted, 0 };
	uint64_t *list;

	setup(pages);
	for (unsigned i = 0; i < nsetup; i++) {
		gfn_t gfn = take(&in, 2);

		set_state(gfn, take(&in, 1) & 3);
	}
	check_stats(take(&in, 8), take(&in, 1));
	l.op = take(&in, 1) & 1 ? BALLOON_DEFLATE : BALLOON_INFLATE;
	while (in.left >= 8 && l.n < HC_BALLOON_LIST_MAX)
		gfns[l.n++] = take(&in, 8);
	if (l.n) {
		/* An exact copy, so ASan sees a read past the list's end. */
		list = malloc(l.n * sizeof(*list));
		memcpy(list, gfns, l.n * sizeof(*list));
		l.gfns = list;
		int got = balloon_check(&g, &l);

		must(got == model(&l));
		if (got == 0)
			apply(&l);
		free(list);
	}
	must(p2m_destroy(&g) == ST_OK);
	must(pmem_count(&pm, PMEM_GUEST) == 0 && pmem_check(&pm) == ST_OK);
	return 0;
}
