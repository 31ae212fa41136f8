/*
 * The balloon driver (see balloon.h). Inflating takes pages from the
 * guest's own allocator, so the guest gives up memory it chooses (free
 * pages first, and its workload frees more when the allocator runs low);
 * the hypervisor then frees the machine pages behind them. One batch of at
 * most HC_BALLOON_BATCH_MAX pages per call keeps the workload running
 * while the balloon moves, and costs one VM exit per batch.
 */
#include "guest-stub/balloon.h"

#include <ballast/guest.h>
#include <ballast/hypercall.h>
#include <stdbool.h>

#include "guest-stub/cpu.h"
#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"

#define MAX_PAGES (GUEST_MAPPED_LIMIT >> PAGE_SHIFT)

static uint64_t pfns[HC_BALLOON_BATCH_MAX] __attribute__((aligned(4096)));
static uint64_t in_balloon[MAX_PAGES / 64];
static uint64_t num_pages, target, leak_cursor;
static bool loaded;

static void refresh_target(void)
{
	struct hc_result r = hypercall(HC_BALLOON_TARGET, 0, 0, 0, 0);

	if (r.status == 0)
		target = r.rbx;
}

void balloon_init(void)
{
	loaded = true;
	refresh_target();
}

static bool tell_host(enum hc_number op, unsigned n)
{
	struct hc_result r = hypercall(op, (uint64_t)(uintptr_t)pfns, n, 0, 0);

	if (r.status == (int64_t)n)
		return true;
	gprintf("balloon: the hypervisor refused a list of %u pages: %ld\n", n,
		(long)r.status);
	return false;
}

static void fill_balloon(uint64_t want)
{
	unsigned n = 0;

	while (n < want && n < HC_BALLOON_BATCH_MAX) {
		uint64_t gfn = palloc_get();

		if (!gfn)
			break;
		pfns[n++] = gfn;
	}
	if (!n)
		return;
	if (!tell_host(HC_BALLOON_INFLATE, n)) {
		while (n)
			palloc_put(pfns[--n]);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		in_balloon[pfns[i] / 64] |= 1ull << (pfns[i] % 64);
	num_pages += n;
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

	while (n < want && n < HC_BALLOON_BATCH_MAX && n < num_pages)
		pfns[n++] = next_ballooned();
	if (!n || !tell_host(HC_BALLOON_DEFLATE, n))
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
	if (num_pages < target)
		fill_balloon(target - num_pages);
	else if (num_pages > target)
		leak_balloon(num_pages - target);
}

uint64_t balloon_pages(void)
{
	return num_pages;
}

uint64_t balloon_target(void)
{
	return target;
}
