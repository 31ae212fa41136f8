/*
 * The case study's benchmark (ThreadContentionGenerator), in small, run
 * in the stub's virtual memory (vm.h) under its pager (pager.h):
 *
 * - a large object heap (LOH) of heap= bytes, never compacted: it grows
 *   to its size at 1 + heap/GROW_SCALE pages a step, and a low-memory
 *   notification's collection frees a quarter of it, which it then
 *   grows back (the tug of war of the case study's figure 9);
 * - small generational heaps (gens.c), into which each step allocates
 *   ALLOC_PER_STEP pages; a generation over its budget is collected;
 * - the work: work= passes of heap-size random updates (read the page,
 *   check its stamp, write it with the next generation), UPDATES_PER_STEP
 *   a step, over the LOH's low active= share, but one in COLD_ONE_IN over
 *   all of it (the rest is touched seldom, not never: what the pager
 *   evicts is read back now and then); the run is a fixed number of
 *   steps: heap/(1 + heap/GROW_SCALE) for the ramp, and the passes';
 * - between steps: the pager keeps a reserve of free frames (evicting
 *   cold pages), the balloon driver moves, and stats go to the hypervisor
 *   every STEPS_PER_REPORT steps.
 *
 * Per step, in numbers (for models of this guest, such as the
 * simulator's): 64 random LOH page updates (2 of them over the whole
 * LOH, the others over its active share), 2 generation-0 page
 * allocations (a generation-0 collection every 4 to 5 steps, which
 * reads its 9 pages), and growth of 1 + heap/4096 LOH pages when the LOH is
 * below its size. An update of a page that is not resident is a hard
 * fault: one 4 KiB read from the paging area, plus one 4 KiB write when
 * the page the clock evicts for it is dirty (every LOH page is, once
 * updated). A low-memory notification (free frames under 1/32 of the
 * guest's) sets off one full collection: all generations, and a quarter
 * of the LOH freed.
 *
 * Without a paging area nothing is evicted: the LOH stops growing where
 * frames run out.
 */
#include <ballast/hypercall.h>

#include "guest-stub/balloon.h"
#include "guest-stub/gens.h"
#include "guest-stub/heap.h"
#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/pager.h"
#include "guest-stub/report.h"
#include "guest-stub/vm.h"
#include "guest-stub/workloads.h"
#include "hv/mm/prng.h"

#define GROW_SCALE 4096 /* a page a step more per this many LOH pages */
#define UPDATES_PER_STEP 64
#define ALLOC_PER_STEP 2
#define COLD_ONE_IN 32 /* one update in this many goes over the whole LOH */
#define STEPS_PER_REPORT 8
#define PICK_TRIES 64
#define KEY_FIRST 0x5bd1e9955bd1e995ull
#define KEY_LAST 0x9e3779b97f4a7c15ull
#define LAST_WORD (PAGE_SIZE / 8 - 1)

static uint64_t in_loh[VM_MAX_PAGES / 64];
static uint64_t loh_pages, loh_size, loh_cursor;
static uint64_t loh_top; /* above the highest LOH vpn so far */
static uint64_t active_end; /* updates touch LOH vpns below this */
static uint64_t mismatches, first_bad;
static struct prng rng;

void heap_stamp(uint64_t vpn, uint64_t gen)
{
	volatile uint64_t *w = vm_ptr(vpn);

	w[0] = vpn ^ KEY_FIRST;
	w[1] = gen;
	w[LAST_WORD] = (vpn * KEY_LAST) ^ gen;
}

static uint64_t check_words(const volatile uint64_t *w, uint64_t vpn)
{
	uint64_t gen = w[1];

	if (w[0] != (vpn ^ KEY_FIRST) || w[LAST_WORD] != ((vpn * KEY_LAST) ^ gen)) {
		if (!mismatches++)
			first_bad = vpn;
	}
	return gen;
}

uint64_t heap_check(uint64_t vpn)
{
	return check_words(vm_ptr(vpn), vpn);
}

uint64_t heap_mismatches(void)
{
	return mismatches;
}

uint64_t heap_first_bad(void)
{
	return first_bad;
}

static bool in_loh_test(uint64_t v)
{
	return in_loh[v / 64] & (1ull << (v % 64));
}

/* A random LOH page below limit: rejection sampling, as the LOH is
 * dense. VM_MAX_PAGES when none was found. */
static uint64_t pick_loh_page(uint64_t limit)
{
	for (int i = 0; i < PICK_TRIES; i++) {
		uint64_t v = prng_below(&rng, limit);

		if (in_loh_test(v))
			return v;
	}
	return VM_MAX_PAGES;
}

/* The low-memory notification's collection: all generations, and a
 * quarter of the LOH's objects, which had died. */
static void collect(void)
{
	uint64_t n = loh_pages / 4;

	gens_collect_all();
	while (n--) {
		uint64_t v = pick_loh_page(loh_size);

		if (v == VM_MAX_PAGES)
			continue;
		in_loh[v / 64] &= ~(1ull << (v % 64));
		loh_pages--;
		pager_free(v);
	}
}

/* The lowest vpn of the LOH not in use; the LOH is not full. */
static uint64_t free_loh_vpn(void)
{
	while (in_loh_test(loh_cursor))
		loh_cursor = (loh_cursor + 1) % loh_size;
	return loh_cursor;
}

/* Grows the LOH by a step towards its size, as far as frames can be
 * had. */
static void grow(void)
{
	for (uint64_t i = 0; i <= loh_size / GROW_SCALE && loh_pages < loh_size; i++) {
		uint64_t v = free_loh_vpn();

		if (!pager_alloc(v))
			return;
		heap_stamp(v, 0);
		in_loh[v / 64] |= 1ull << (v % 64);
		loh_pages++;
		if (v >= loh_top)
			loh_top = v + 1;
	}
}

static void update(void)
{
	uint64_t hot = active_end < loh_top ? active_end : loh_top;

	for (int i = 0; hot && i < UPDATES_PER_STEP; i++) {
		uint64_t v = pick_loh_page(i % COLD_ONE_IN ? hot : loh_top);

		if (v != VM_MAX_PAGES)
			heap_stamp(v, heap_check(v) + 1);
	}
}

static void report_stats(void)
{
	struct balloon_stat st[] = {
		{ BALLOON_S_MEMFREE, { 0 }, palloc_free_pages() },
		{ BALLOON_S_MEMTOT, { 0 }, palloc_total_pages() },
		{ BALLOON_S_AVAIL, { 0 }, palloc_free_pages() },
		{ BALLOON_S_WORKING_SET, { 0 }, pager_resident() },
		{ BALLOON_S_LOWMEM_EVENTS, { 0 }, palloc_lowmem_events() },
		{ BALLOON_S_MAJFLT, { 0 }, pager_reads() },
		{ BALLOON_S_SWAP_IN, { 0 }, pager_reads() },
		{ BALLOON_S_SWAP_OUT, { 0 }, pager_writes() },
		{ BALLOON_S_COLLECTIONS, { 0 }, gens_collections_total() },
	};

	hypercall(HC_REPORT_STATS, (uint64_t)(uintptr_t)st,
		  sizeof(st) / sizeof(st[0]), 0, 0);
}

/* The resident pages, wherever the hypervisor has them: a page in its
 * paging slot was checked each time it came back, and reading them all
 * in now would cost the shared disk more than the run. */
static void verify_all(void)
{
	for (uint64_t v = 0; v < loh_size; v++)
		if (in_loh_test(v) && vm_present(v))
			check_words(vm_ptr(v), v);
	gens_verify();
}

/* One step of the loop. */
static void step(void)
{
	if (palloc_take_lowmem())
		collect();
	pager_balance();
	balloon_work();
	grow();
	gens_alloc(ALLOC_PER_STEP);
	update();
}

static bool setup(const struct guest_start_info *si)
{
	loh_size = si->param[0] >> PAGE_SHIFT;
	if (loh_size + GENS_SPACE > VM_MAX_PAGES) {
		report_error("heap of %lu pages does not fit in %llu", loh_size,
			     VM_MAX_PAGES - GENS_SPACE);
		return false;
	}
	if (!pager_init(loh_size + GENS_SPACE)) {
		report_error("no frames for the page tables of %lu pages", loh_size);
		return false;
	}
	gens_init(loh_size, si->seed);
	/* The LOH fills from its lowest vpn up, so its active share is the
	 * low part: the rest is allocated once and then left idle. */
	active_end = (loh_size * si->param[2] + 9999) / 10000;
	if (active_end > loh_size || active_end == 0)
		active_end = loh_size;
	prng_seed(&rng, si->seed);
	if (si->flags & GUEST_START_BALLOON)
		balloon_init();
	return true;
}

/* The work is a fixed number of steps: the ramp's (as long as the LOH
 * takes to grow to its size once) and work= passes of heap-size updates,
 * however often memory runs low and the LOH shrinks and grows again. */
void run_contention(const struct guest_start_info *si)
{
	uint64_t total, grow_per_step, steps;

	if (!setup(si))
		return;
	grow_per_step = 1 + loh_size / GROW_SCALE;
	total = (loh_size + grow_per_step - 1) / grow_per_step +
		si->param[1] * loh_size / UPDATES_PER_STEP;
	for (steps = 1; steps <= total; steps++) {
		step();
		if (steps % STEPS_PER_REPORT == 0)
			report_stats();
	}
	verify_all();
	report_stats();
	gprintf("contention done: %lu updates, heap %lu pages, %lu collections (gen0 %lu, gen1 %lu, gen2 %lu), %lu low-memory events, balloon %lu pages\n",
		total * UPDATES_PER_STEP, loh_pages + gens_pages(), gens_collections_total(),
		gens_collections(0), gens_collections(1), gens_collections(2),
		palloc_lowmem_events(), balloon_pages());
	gprintf("paging: %lu page reads, %lu page writes, working set %lu pages\n",
		pager_reads(), pager_writes(), pager_resident());
	if (mismatches) {
		report_fail("heap: %lu mismatches, first at page %lu",
			    mismatches, first_bad);
		return;
	}
	gprintf("generations verified: %lu pages\n", gens_pages());
	gprintf("heap verified: %lu pages, 0 mismatches\n", loh_pages);
	report_pass();
}
