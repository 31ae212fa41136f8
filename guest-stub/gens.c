/*
 * The small generational heaps (see gens.h). Budgets and survival rates
 * are fixed, so the number of budget collections depends only on how much
 * the workload allocates, the same with or without memory contention:
 * generation 0 is collected when it holds more than GEN0_BUDGET pages, a
 * quarter survives into generation 1; generation 1 over its budget keeps
 * half, promoted into generation 2; generation 2 over its budget keeps
 * half. Each collection counts once, under the oldest generation it
 * collected (a full collection is one of generation 2). A collection
 * reads every page of the generations it collects (marking), so their
 * pages stay hot.
 */
#include "guest-stub/gens.h"

#include "guest-stub/heap.h"
#include "guest-stub/pager.h"
#include "hv/mm/prng.h"

static const uint64_t budget[GENS] = { 8, 32, 64 };
static const uint64_t keep_one_in[GENS] = { 4, 2, 2 };

static uint8_t gen_of[GENS_SPACE]; /* 0: free, else generation + 1 */
static uint64_t base, size[GENS], count[GENS], cursor;
static struct prng rng;

void gens_init(uint64_t base_vpn, uint64_t seed)
{
	for (unsigned s = 0; s < GENS_SPACE; s++)
		gen_of[s] = 0;
	for (unsigned g = 0; g < GENS; g++)
		size[g] = count[g] = 0;
	cursor = 0;
	base = base_vpn;
	prng_seed(&rng, seed ^ 0x67656e73ull);
}

/* Sweeps generation g: survivors move up (generation 2's stay), the rest
 * are freed. */
static void sweep(unsigned g)
{
	unsigned to = g + 1 < GENS ? g + 1 : g;

	for (uint64_t s = 0; s < GENS_SPACE; s++) {
		if (gen_of[s] != g + 1)
			continue;
		heap_stamp(base + s, heap_check(base + s) + 1);
		size[g]--;
		if (prng_below(&rng, keep_one_in[g]) == 0) {
			gen_of[s] = (uint8_t)(to + 1);
			size[to]++;
			continue;
		}
		gen_of[s] = 0;
		pager_free(base + s);
	}
}

/* Collects generation 0 and every older one that its survivors push over
 * budget: one collection, counted under the oldest. */
static void collect_from_gen0(void)
{
	unsigned g = 0;

	sweep(0);
	while (g + 1 < GENS && size[g + 1] > budget[g + 1])
		sweep(++g);
	count[g]++;
}

static uint64_t free_slot(void)
{
	for (uint64_t n = 0; n < GENS_SPACE; n++) {
		uint64_t s = (cursor + n) % GENS_SPACE;

		if (!gen_of[s]) {
			cursor = (s + 1) % GENS_SPACE;
			return s;
		}
	}
	return GENS_SPACE;
}

bool gens_alloc(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t s = free_slot();

		if (s == GENS_SPACE || !pager_alloc(base + s))
			return false;
		heap_stamp(base + s, 0);
		gen_of[s] = 1;
		size[0]++;
		if (size[0] > budget[0])
			collect_from_gen0();
	}
	return true;
}

void gens_collect_all(void)
{
	for (unsigned g = 0; g < GENS; g++)
		sweep(g);
	count[GENS - 1]++;
}

void gens_verify(void)
{
	for (uint64_t s = 0; s < GENS_SPACE; s++)
		if (gen_of[s])
			heap_check(base + s);
}

uint64_t gens_pages(void)
{
	return size[0] + size[1] + size[2];
}

uint64_t gens_collections(unsigned gen)
{
	return gen < GENS ? count[gen] : 0;
}

uint64_t gens_collections_total(void)
{
	return count[0] + count[1] + count[2];
}
