/*
 * The case study's benchmark, in small: a heap that grows to its size at a
 * bounded rate and is then read, checked and updated at random for a
 * number of passes of its size, while the
 * guest's allocator signals low memory and the workload answers by freing
 * a quarter of its heap (the CLR's garbage collection in the case study);
 * the balloon driver runs between steps. Updates may touch only a share of
 * the heap (active=), leaving the rest idle for the idle memory tax to
 * find. Every heap page carries its page
 * number and a generation, so a page that comes back wrong is caught.
 */
#include <ballast/hypercall.h>

#include "guest-stub/balloon.h"
#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"
#include "hv/mm/prng.h"

#define MAX_PAGES (GUEST_MAPPED_LIMIT >> PAGE_SHIFT)
#define GROW_PER_STEP 4
#define UPDATES_PER_STEP 256
#define STEPS_PER_REPORT 8
#define PICK_TRIES 64
#define KEY_FIRST 0x5bd1e9955bd1e995ull
#define KEY_LAST 0x9e3779b97f4a7c15ull
#define LAST_WORD (PAGE_SIZE / 8 - 1)

static uint64_t in_heap[MAX_PAGES / 64];
static uint64_t heap_pages, first, end;
static uint64_t active_end; /* updates touch heap pages below this */
static uint64_t heap_top;   /* above the highest heap page so far */
static uint64_t mismatches, first_bad, gcs;
static struct prng rng;

static bool in_heap_test(uint64_t g)
{
	return in_heap[g / 64] & (1ull << (g % 64));
}

static void write_page(uint64_t gfn, uint64_t gen)
{
	volatile uint64_t *w = gfn_ptr(gfn);

	w[0] = gfn ^ KEY_FIRST;
	w[1] = gen;
	w[LAST_WORD] = (gfn * KEY_LAST) ^ gen;
}

static uint64_t check_page(uint64_t gfn)
{
	volatile uint64_t *w = gfn_ptr(gfn);
	uint64_t gen = w[1];

	if (w[0] != (gfn ^ KEY_FIRST) || w[LAST_WORD] != ((gfn * KEY_LAST) ^ gen)) {
		if (!mismatches++)
			first_bad = gfn;
	}
	return gen;
}

/* A random heap page below limit: rejection sampling, as the heap is
 * dense. */
static uint64_t pick_heap_page(uint64_t limit)
{
	for (int i = 0; i < PICK_TRIES; i++) {
		uint64_t g = first + prng_below(&rng, limit - first);

		if (in_heap_test(g))
			return g;
	}
	return 0;
}

static void heap_drop(uint64_t g)
{
	in_heap[g / 64] &= ~(1ull << (g % 64));
	heap_pages--;
	palloc_put(g);
}

/* Garbage collection on low memory: a quarter of the heap goes back. */
static void collect(void)
{
	uint64_t n = heap_pages / 4;

	gcs++;
	while (n--) {
		uint64_t g = pick_heap_page(end);

		if (g)
			heap_drop(g);
	}
}

/* Grows the heap by a step towards want; false when the allocator had no
 * page to give (memory pressure: the heap stays where it is). */
static bool grow(uint64_t want)
{
	for (int i = 0; i < GROW_PER_STEP && heap_pages < want; i++) {
		uint64_t g = palloc_get();

		if (!g)
			return false;
		write_page(g, 0);
		in_heap[g / 64] |= 1ull << (g % 64);
		heap_pages++;
		if (g >= heap_top)
			heap_top = g + 1;
	}
	return true;
}

static void update(void)
{
	uint64_t limit = active_end < heap_top ? active_end : heap_top;

	for (int i = 0; limit > first && i < UPDATES_PER_STEP; i++) {
		uint64_t g = pick_heap_page(limit);

		if (g)
			write_page(g, check_page(g) + 1);
	}
}

static void report_stats(void)
{
	struct balloon_stat st[] = {
		{ BALLOON_S_MEMFREE, { 0 }, palloc_free_pages() },
		{ BALLOON_S_MEMTOT, { 0 }, palloc_total_pages() },
		{ BALLOON_S_AVAIL, { 0 }, palloc_free_pages() },
		{ BALLOON_S_WORKING_SET, { 0 }, heap_pages },
		{ BALLOON_S_LOWMEM_EVENTS, { 0 }, palloc_lowmem_events() },
		{ BALLOON_S_MAJFLT, { 0 }, 0 },
		{ BALLOON_S_SWAP_IN, { 0 }, 0 },
		{ BALLOON_S_SWAP_OUT, { 0 }, 0 },
	};

	hypercall(HC_REPORT_STATS, (uint64_t)(uintptr_t)st,
		  sizeof(st) / sizeof(st[0]), 0, 0);
}

static void verify_all(void)
{
	for (uint64_t g = first; g < end; g++)
		if (in_heap_test(g))
			check_page(g);
}

void run_contention(const struct guest_start_info *si, uint64_t first_gfn)
{
	uint64_t want = si->param[0] >> PAGE_SHIFT;
	uint64_t total = si->param[1] * want, done = 0, steps = 0;
	bool ramped = false;

	first = first_gfn;
	heap_top = first;
	end = first + palloc_total_pages(); /* what the stub can reach */
	/* The heap fills from its lowest page up, so its active share is the
	 * low part: the rest is allocated once and then left idle. */
	active_end = first + (want * si->param[2] + 9999) / 10000;
	if (active_end > end || active_end <= first)
		active_end = end;
	prng_seed(&rng, si->seed);
	if (si->flags & GUEST_START_BALLOON)
		balloon_init();
	while (done < total) {
		bool pressure = palloc_take_lowmem();

		if (pressure)
			collect();
		balloon_work();
		pressure |= !grow(want);
		/* The passes count once the heap is full, or once memory ran
		 * short on its way there: the ramp comes first. */
		ramped |= pressure || heap_pages >= want;
		if (ramped)
			done += UPDATES_PER_STEP;
		update();
		if (++steps % STEPS_PER_REPORT == 0)
			report_stats();
	}
	verify_all();
	report_stats();
	gprintf("contention done: %lu updates, heap %lu pages, %lu collections, %lu low-memory events, balloon %lu pages\n",
		done, heap_pages, gcs, palloc_lowmem_events(), balloon_pages());
	if (mismatches) {
		report_fail("heap: %lu mismatches, first at page 0x%lx",
			    mismatches, first_bad);
		return;
	}
	gprintf("heap verified: %lu pages, 0 mismatches\n", heap_pages);
	report_pass();
}
