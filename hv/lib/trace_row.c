/* The trace's one formatter (see include/ballast/trace.h). */
#include <ballast/trace.h>

#include "hv/lib/print.h"

size_t trace_format_row(char *buf, size_t size, const struct trace_row *r)
{
	int n = format(buf, size,
		       "%lu,%s,%s,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%u,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,"
		       "%lu,%lu,%u,%lu,%lu,%u\n",
		       r->t_ms, r->guest, r->state, r->free_pages,
		       r->total_pages, r->granted_pages,
		       r->balloon_target_pages, r->balloon_pages,
		       r->swap_target_pages, r->swapped_pages, r->swap_in,
		       r->swap_out, r->blocked, r->guest_avail_pages,
		       r->guest_ws_pages, r->guest_major_faults,
		       r->guest_lowmem_events, r->alloc_pages, r->active_pages,
		       r->hv_pages, r->guest_hv_pages, r->guest_page_writes,
		       r->guest_collections, r->io_wait, r->cpu_ms,
		       r->steal_ms, r->disk_busy_pct);

	return (size_t)n < size ? (size_t)n : size - 1;
}
