/* The guest stub's page allocator (see palloc.h). */
#include "guest-stub/palloc.h"

#include <ballast/guest.h>

#define MAX_PAGES (GUEST_MAPPED_LIMIT >> 12)
#define WATERMARK_SHIFT 5 /* low memory below 1/32 of the managed pages */

static uint64_t free_map[MAX_PAGES / 64];
static uint64_t first, end, nfree, hint, watermark;
static bool below, lowmem_pending;
static uint64_t lowmem_events;

void palloc_init(uint64_t first_gfn, uint64_t end_gfn)
{
	first = first_gfn;
	end = end_gfn < MAX_PAGES ? end_gfn : MAX_PAGES;
	hint = first;
	for (uint64_t g = first; g < end; g++)
		free_map[g / 64] |= 1ull << (g % 64);
	nfree = end - first;
	watermark = nfree >> WATERMARK_SHIFT;
}

static void note_level(void)
{
	if (nfree < watermark && !below) {
		lowmem_pending = true;
		lowmem_events++;
	}
	below = nfree < watermark;
}

/* The lowest free page at or above hint: a word at a time. */
static uint64_t find_free(void)
{
	for (uint64_t w = hint / 64; w <= (end - 1) / 64; w++) {
		uint64_t bits = free_map[w];

		if (w == hint / 64)
			bits &= ~0ull << (hint % 64);
		if (bits)
			return w * 64 + (uint64_t)__builtin_ctzll(bits);
	}
	return 0;
}

uint64_t palloc_get(void)
{
	uint64_t g;

	if (!nfree)
		return 0;
	g = find_free();
	free_map[g / 64] &= ~(1ull << (g % 64));
	nfree--;
	hint = g + 1;
	note_level();
	return g;
}

void palloc_put(uint64_t gfn)
{
	free_map[gfn / 64] |= 1ull << (gfn % 64);
	nfree++;
	if (gfn < hint)
		hint = gfn;
	note_level();
}

uint64_t palloc_free_pages(void)
{
	return nfree;
}

uint64_t palloc_total_pages(void)
{
	return end - first;
}

bool palloc_take_lowmem(void)
{
	bool was = lowmem_pending;

	lowmem_pending = false;
	return was;
}

uint64_t palloc_lowmem_events(void)
{
	return lowmem_events;
}
