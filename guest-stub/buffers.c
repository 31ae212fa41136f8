/*
 * The swapped-buffers workload: a hypercall's buffer in a page the guest
 * wrote must be read, even when the hypervisor has swapped that page out
 * (the guest cannot know). It writes a struct balloon_stat, with a tag the
 * hypervisor ignores, at the start of every page its allocator manages,
 * more than the machine holds, then passes each page to HC_REPORT_STATS,
 * twice over, and checks every page kept what it wrote.
 */
#include <ballast/hypercall.h>

#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"

#define IGNORED_TAG 0x7fff
#define PASSES 2

static struct balloon_stat *stat_at(uint64_t gfn)
{
	return gfn_ptr(gfn);
}

void run_swapped_buffers(uint64_t first)
{
	uint64_t end = first + palloc_total_pages(), calls = 0, refused = 0;
	uint64_t bad = 0;

	for (uint64_t g = first; g < end; g++)
		*stat_at(g) = (struct balloon_stat){ IGNORED_TAG, { 0 }, g };
	for (unsigned pass = 0; pass < PASSES; pass++) {
		for (uint64_t g = first; g < end; g++, calls++) {
			struct hc_result r = hypercall(HC_REPORT_STATS,
						       g << PAGE_SHIFT, 1, 0, 0);

			if (r.status != 0 && !refused++)
				report_fail("stats in page 0x%lx, which I wrote, refused: %ld",
					    g, (long)r.status);
		}
	}
	for (uint64_t g = first; g < end; g++)
		bad += stat_at(g)->tag != IGNORED_TAG || stat_at(g)->val != g;
	gprintf("%lu hypercalls with buffers in %lu pages I wrote: %lu refused; %lu pages changed\n",
		calls, end - first, refused, bad);
	if (bad)
		report_fail("%lu pages I wrote changed", bad);
	report_pass();
}
