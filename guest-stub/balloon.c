/*
 * The balloon driver (see balloon.h). Inflating takes pages from the
 * guest's own allocator, so the guest gives up memory it chooses (free
 * pages first, then frames its pager evicts a page from, and its workload
 * frees more when the allocator runs low);
 * the hypervisor then frees the machine pages behind them.
 *
 * Each call is a VM exit, so the balloon moves in steps worth one: a
 * sixteenth of the guest's pages, rounded up to the hypervisor's target
 * steps of 256 pages, at most a list of HC_BALLOON_LIST_MAX. Below its target
 * it inflates to the target rounded up to a step, and it deflates only
 * once it holds a step more than its target, or the target is 0; in
 * between it stays put. Each call returns the fresh target, so a target
 * the guest has met costs no HC_BALLOON_TARGET.
 */
#include "guest-stub/balloon.h"

#include <ballast/guest.h>
#include <ballast/hypercall.h>
#include <stdbool.h>

#include "guest-stub/cpu.h"
#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/pager.h"
#include "guest-stub/palloc.h"

#define MAX_PAGES (GUEST_MAPPED_LIMIT >> PAGE_SHIFT)

#define STEP_SHIFT 4     /* a step: 1/16 of the guest's pages */
#define TARGET_STEP 256  /* the hypervisor's targets come in these */
/* Calls with nothing new from the allocator before a short list goes. */
#define PATIENCE 32

static uint64_t *pfns;      /* the list, list_max entries */
static unsigned list_max;
static uint64_t in_balloon[MAX_PAGES / 64];
static uint64_t num_pages, target, leak_cursor, step;
static uint64_t limited_at; /* target + 1 when HC_E_LIMIT refused it */
static unsigned pending;    /* pfns taken from the allocator, not sent */
static unsigned waited;     /* balloon_work calls that added none */
static bool loaded;

static void refresh_target(void)
{
	struct hc_result r = hypercall(HC_BALLOON_TARGET, 0, 0, 0, 0);

	if (r.status == 0)
		target = r.rbx;
}

/* The list lives in consecutive pages of the guest's own memory (the
 * hypervisor reads it as one range), up to HC_BALLOON_LIST_PAGES of them
 * from the allocator: only a guest that runs the driver pays for them, and
 * only for those it touches. */
static void take_list_pages(void)
{
	uint64_t first = palloc_get(), n = 1;

	if (!first)
		return;
	for (; n < HC_BALLOON_LIST_PAGES; n++) {
		uint64_t gfn = palloc_get();

		if (gfn != first + n) {
			if (gfn)
				palloc_put(gfn);
			break;
		}
	}
	pfns = gfn_ptr(first);
	list_max = n * (PAGE_SIZE / sizeof(*pfns));
}

void balloon_init(void)
{
	take_list_pages();
	if (!list_max)
		return;
	step = ((palloc_total_pages() >> STEP_SHIFT) + TARGET_STEP - 1) /
	       TARGET_STEP * TARGET_STEP;
	if (step == 0)
		step = TARGET_STEP;
	if (step > list_max)
		step = list_max;
	loaded = true;
	refresh_target();
}

/* Sends pfns[0..n): the pages moved, or the hypervisor's refusal. The
 * target comes back with the answer (and with the retryable refusals). */
static int64_t tell_host(enum hc_number op, unsigned n)
{
	struct hc_result r = hypercall(op, (uint64_t)(uintptr_t)pfns, n, 0, 0);

	if (r.status == (int64_t)n || r.status == HC_E_AGAIN ||
	    r.status == HC_E_LIMIT)
		target = r.rbx;
	if (r.status != (int64_t)n && r.status != HC_E_AGAIN)
		gprintf("balloon: the hypervisor refused a list of %u pages: %ld\n",
			n, (long)r.status);
	return r.status;
}

static uint64_t step_up(uint64_t pages)
{
	return (pages + step - 1) / step * step;
}

/* Tops the list up from the allocator, towards the target rounded up to
 * a step. Returns how many pages it added. */
static unsigned take_pages(void)
{
	uint64_t want = step_up(target) - num_pages;
	unsigned added = 0;

	while (pending > want)
		palloc_put(pfns[--pending]);
	while (pending < want && pending < list_max) {
		uint64_t gfn = pager_take_frame();

		if (!gfn)
			break;
		pfns[pending++] = gfn;
		added++;
	}
	return added;
}

static void give_back(void)
{
	while (pending)
		palloc_put(pfns[--pending]);
	waited = 0;
}

/* A list is sent when it is worth an exit: it holds a step, or takes the
 * balloon to its rounded target, or the allocator has had nothing more to
 * give for a while (the workload frees pages when it runs low, so the
 * list fills over a few steps). */
static bool worth_sending(void)
{
	return pending >= step ||
	       num_pages + pending >= step_up(target) || waited >= PATIENCE;
}

static void fill_balloon(void)
{
	int64_t st;

	waited = take_pages() ? 0 : waited + 1;
	if (!pending || !worth_sending())
		return;
	st = tell_host(HC_BALLOON_INFLATE, pending);
	if (st != (int64_t)pending) {
		give_back();
		/* No memory for the hypervisor's tables now: let it reclaim. */
		if (st == HC_E_AGAIN)
			hypercall(HC_YIELD, 0, 0, 0, 0);
		if (st == HC_E_LIMIT)
			limited_at = target + 1;
		return;
	}
	for (unsigned i = 0; i < pending; i++)
		in_balloon[pfns[i] / 64] |= 1ull << (pfns[i] % 64);
	num_pages += pending;
	pending = 0;
	waited = 0;
}

/* The next ballooned page at or after the cursor, a word at a time,
 * wrapping once; the caller knows there is one. */
static uint64_t next_ballooned(void)
{
	for (uint64_t k = 0; k <= MAX_PAGES / 64; k++) {
		uint64_t w = (leak_cursor / 64 + k) % (MAX_PAGES / 64);
		uint64_t bits = in_balloon[w];

		if (k == 0)
			bits &= ~0ull << (leak_cursor % 64);
		if (bits) {
			uint64_t g = w * 64 + (uint64_t)__builtin_ctzll(bits);

			leak_cursor = (g + 1) % MAX_PAGES;
			return g;
		}
	}
	return 0;
}

static void leak_balloon(uint64_t want)
{
	unsigned n = 0;

	while (n < want && n < list_max && n < num_pages)
		pfns[n++] = next_ballooned();
	if (!n || tell_host(HC_BALLOON_DEFLATE, n) != (int64_t)n)
		return;
	for (unsigned i = 0; i < n; i++) {
		in_balloon[pfns[i] / 64] &= ~(1ull << (pfns[i] % 64));
		palloc_put(pfns[i]);
	}
	num_pages -= n;
}

void balloon_work(void)
{
	if (!loaded)
		return;
	if (balloon_irq_pending) {
		balloon_irq_pending = 0;
		refresh_target();
	}
	if (pending && num_pages >= target)
		give_back(); /* the target fell: the list is not needed */
	if (num_pages < target && limited_at != target + 1)
		fill_balloon();
	else if (num_pages > target &&
		 (num_pages >= target + step || target == 0))
		leak_balloon(num_pages - step_up(target));
}

uint64_t balloon_pages(void)
{
	return num_pages;
}

uint64_t balloon_target(void)
{
	return target;
}
