/*
 * The benchmark's generational heaps (guest-stub/gens.c) over a fake
 * pager and fake page stamps: collections follow the budgets alone, so
 * the same allocations give the same count with or without memory
 * pressure; a full collection counts once; no page is lost or kept twice.
 */
#include "guest-stub/gens.h"
#include "guest-stub/heap.h"
#include "guest-stub/pager.h"
#include "tests/unit/check.h"

#include <string.h>

#define BASE 1000
static bool resident[BASE + GENS_SPACE];
static uint64_t stamp[BASE + GENS_SPACE];
static uint64_t live, frames_left, bad;

bool pager_alloc(uint64_t vpn)
{
	if (!frames_left)
		return false;
	frames_left--;
	if (resident[vpn])
		bad++;
	resident[vpn] = true;
	live++;
	return true;
}

void pager_free(uint64_t vpn)
{
	if (!resident[vpn])
		bad++;
	resident[vpn] = false;
	live--;
	frames_left++;
}

void heap_stamp(uint64_t vpn, uint64_t gen)
{
	stamp[vpn] = gen;
}

uint64_t heap_check(uint64_t vpn)
{
	if (!resident[vpn])
		bad++;
	return stamp[vpn];
}

static void reset(uint64_t frames)
{
	memset(resident, 0, sizeof(resident));
	live = bad = 0;
	frames_left = frames;
	gens_init(BASE, 7);
}

/* 2 pages a step for 800 steps, as the benchmark's counted steps make. */
static uint64_t run_steps(unsigned steps)
{
	for (unsigned i = 0; i < steps; i++)
		CHECK(gens_alloc(2));
	return gens_collections_total();
}

static void test_budget_collections(void)
{
	uint64_t n;

	reset(GENS_SPACE);
	n = run_steps(800);
	/* 1600 pages, a generation-0 collection per 9 */
	CHECK(gens_collections(0) + gens_collections(1) + gens_collections(2) == n);
	CHECK(n >= 1600 / 9 - 2 && n <= 1600 / 9 + 1);
	CHECK(gens_collections(1) > 0);
	CHECK(gens_pages() == live);
	CHECK(gens_pages() <= 8 + 32 + 64 + 2);
	CHECK(bad == 0);
}

static void test_full_collection_counts_once(void)
{
	uint64_t before;

	reset(GENS_SPACE);
	run_steps(100);
	before = gens_collections(2);
	gens_collect_all();
	CHECK(gens_collections(2) == before + 1);
	CHECK(gens_pages() == live);
	gens_verify();
	CHECK(bad == 0);
}

static void test_no_frame(void)
{
	reset(3);
	CHECK(!gens_alloc(5));
	CHECK(gens_pages() == 3 && live == 3);
	CHECK(bad == 0);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "collections follow the budgets", test_budget_collections },
		{ "a full collection counts once", test_full_collection_counts_once },
		{ "no frame, no page", test_no_frame },
	};

	return CHECK_RUN("gens", tests);
}
