/*
 * A hostile balloon driver: it sends every kind of bad list the hypervisor
 * must refuse, each of which must come back with its own error code; then
 * it balloons one untouched page in each 2 MiB region, which would cost
 * the hypervisor a table page each, and must be refused before the
 * machine runs out; then it breaks its promise by touching a page it
 * ballooned, which must get this guest, and only it, stopped.
 */
#include <ballast/hypercall.h>

#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"

#define REGION_PAGES 512 /* what one EPT leaf table maps: 2 MiB */
#define LIST_ENTRIES 512

static uint64_t list[LIST_ENTRIES] __attribute__((aligned(4096)));
static uint64_t *probe;     /* a page of its own for one-page lists */
static unsigned sent, refused;

static void expect(const char *what, uint64_t nr, uint64_t addr, uint64_t n,
		   int64_t code)
{
	struct hc_result r = hypercall(nr, addr, n, 0, 0);

	sent++;
	if (r.status == code) {
		refused++;
		return;
	}
	report_fail("bad balloon list not refused right: %s: status %ld, want %ld",
		    what, (long)r.status, (long)code);
}

static uint64_t list_with(uint64_t a, uint64_t b, uint64_t c)
{
	list[0] = a;
	list[1] = b;
	list[2] = c;
	return (uint64_t)(uintptr_t)list;
}

static bool inflate_one(uint64_t gfn)
{
	return hypercall(HC_BALLOON_INFLATE, list_with(gfn, 0, 0), 1, 0, 0).status == 1;
}

static int64_t balloon_list(uint64_t nr, const uint64_t *l, unsigned n)
{
	return hypercall(nr, (uint64_t)(uintptr_t)l, n, 0, 0).status;
}

/* Inflates list[0..n) one page at a time until the hypervisor refuses
 * one; returns how many it took, and the refusal in *code. */
static unsigned inflate_each(unsigned n, int64_t *code)
{
	unsigned taken = 0;

	for (*code = 0; taken < n; taken++) {
		probe[0] = list[taken];
		*code = balloon_list(HC_BALLOON_INFLATE, probe, 1);
		if (*code != 1)
			break;
	}
	return taken;
}

/* One untouched page at the end of each 2 MiB region but the first:
 * as one list, then one at a time until refused; then all back. */
static void inflate_sparse(const struct guest_start_info *si)
{
	uint64_t regions = (si->memory_bytes >> PAGE_SHIFT) / REGION_PAGES;
	unsigned n = 0, taken;
	int64_t whole, each;

	probe = gfn_ptr(palloc_get());
	for (uint64_t r = 1; r < regions && n < LIST_ENTRIES; r++)
		list[n++] = r * REGION_PAGES + REGION_PAGES - 1;
	if (!n)
		return;
	whole = balloon_list(HC_BALLOON_INFLATE, list, n);
	if (whole == (int64_t)n) {
		taken = n;
		gprintf("sparse balloon: a list of %u far-apart pages taken whole\n", n);
	} else {
		probe[0] = list[0];
		if (balloon_list(HC_BALLOON_DEFLATE, probe, 1) != HC_E_NOT_BALLOONED)
			report_fail("sparse balloon: a refused list changed something");
		taken = inflate_each(n, &each);
		gprintf("sparse balloon: a list of %u far-apart pages refused whole (%ld); one at a time %u taken, then refused (%ld)\n",
			n, (long)whole, taken, (long)each);
	}
	if (taken && balloon_list(HC_BALLOON_DEFLATE, list, taken) != (int64_t)taken)
		report_fail("sparse balloon: the pages taken did not come back");
}

void run_balloon_hostile(const struct guest_start_info *si)
{
	uint64_t pages = si->memory_bytes >> PAGE_SHIFT;
	uint64_t l = (uint64_t)(uintptr_t)list;
	uint64_t a = palloc_get(), b = palloc_get(), c = palloc_get();
	volatile uint64_t *cheat;

	expect("inflate before the driver said hello", HC_BALLOON_INFLATE, list_with(a, 0, 0), 1, HC_E_NO_DRIVER);
	hypercall(HC_BALLOON_TARGET, 0, 0, 0, 0);
	expect("count 0", HC_BALLOON_INFLATE, l, 0, HC_E_COUNT);
	expect("count over the maximum", HC_BALLOON_INFLATE, l, HC_BALLOON_LIST_MAX + 1, HC_E_COUNT);
	expect("list not page-aligned", HC_BALLOON_INFLATE, l + 8, 1, HC_E_ALIGN);
	expect("list outside guest memory", HC_BALLOON_INFLATE, si->memory_bytes, 1, HC_E_FAULT);
	expect("page number out of range", HC_BALLOON_INFLATE, list_with(pages + 5, 0, 0), 1, HC_E_RANGE);
	expect("duplicate page", HC_BALLOON_INFLATE, list_with(a, b, a), 3, HC_E_DUPLICATE);
	if (!inflate_one(a))
		report_fail("a good inflate was refused");
	expect("page already ballooned", HC_BALLOON_INFLATE, list_with(b, a, 0), 2, HC_E_BALLOONED);
	expect("deflate of a page not ballooned", HC_BALLOON_DEFLATE, list_with(b, 0, 0), 1, HC_E_NOT_BALLOONED);
	expect("deflate with a duplicate", HC_BALLOON_DEFLATE, list_with(a, a, 0), 2, HC_E_DUPLICATE);
	expect("stats count 0", HC_REPORT_STATS, l, 0, HC_E_COUNT);
	gprintf("%u of %u bad balloon lists refused with the right code\n", refused, sent);
	inflate_sparse(si);

	cheat = gfn_ptr(c);
	*cheat = 1; /* mapped now */
	if (!inflate_one(c))
		report_fail("a good inflate was refused");
	gprintf("touching page 0x%lx, which I gave to the balloon\n", c);
	*cheat = 2;
	report_fail("the hypervisor let me touch a ballooned page");
}
