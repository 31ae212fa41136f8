/*
 * The trace: CSV, one row per guest per policy tick (DESIGN.md section 10).
 * The hypervisor writes it on COM2, the simulator to trace.csv; both fill
 * one struct trace_row per guest in hv/mm/reclaim.c and print it with
 * trace_format_row (hv/lib/trace_row.c), so the two traces have the same
 * columns with the same meaning. Pages are 4 KiB.
 *
 * Columns, in order (TRACE_HEADER):
 *   t_ms                  the tick's time, ms since the run began
 *   guest                 the guest's name from the scenario
 *   state                 high, soft, hard or low, as the policy left it
 *   free_pages            free machine pages after the tick's swap-outs
 *   total_pages           machine pages the policy manages
 *   granted_pages         pages the guest holds a machine page for
 *   balloon_target_pages  the target the guest was given (the policy's,
 *                         in steps of POLICY_BALLOON_STEP pages)
 *   balloon_pages         pages in its balloon
 *   swap_target_pages     pages the policy wants in swap
 *   swapped_pages         pages in swap now
 *   swap_in, swap_out     the hypervisor's swap-ins and -outs, running totals
 *   blocked               1 while the guest waits for a machine page
 *   guest_avail_pages     the guest's free pages, as it reports them
 *   guest_ws_pages        its working set, as it reports it
 *   guest_major_faults    its own paging reads, running total
 *   guest_lowmem_events   its low-memory notifications, running total
 *   alloc_pages           the policy's entitlement
 *   active_pages          the active-memory estimate the policy used
 *   hv_pages              machine pages the hypervisor holds
 *   guest_hv_pages        of those, the ones it holds for this guest: its
 *                         VMCS, its EPT tables and its swap victim set
 *                         (docs/design.md section 5 gives the bound)
 *   guest_page_writes     its own paging writes, running total
 *   guest_collections     its collections, running total (all generations)
 *   io_wait               1 while the guest waits in the disk queue: its
 *                         own block I/O, or the hypervisor's swap-in of
 *                         one of its pages
 *   cpu_ms                ms it held the CPU, running total
 *   steal_ms              ms it was runnable (not waiting for the disk or
 *                         for memory) while another guest held the CPU,
 *                         running total
 *   disk_busy_pct         percent of the last tick the shared disk was
 *                         busy (the same in every row of one tick)
 * free_pages + hv_pages + the sum of granted_pages = total_pages in every
 * tick, and the sum of guest_hv_pages is at most hv_pages. An ended
 * guest's levels are 0; its running totals stay.
 */
#ifndef BALLAST_TRACE_H
#define BALLAST_TRACE_H

#include <stddef.h>
#include <stdint.h>

#define TRACE_HEADER \
	"t_ms,guest,state,free_pages,total_pages,granted_pages," \
	"balloon_target_pages,balloon_pages,swap_target_pages,swapped_pages," \
	"swap_in,swap_out,blocked,guest_avail_pages,guest_ws_pages," \
	"guest_major_faults,guest_lowmem_events,alloc_pages,active_pages," \
	"hv_pages,guest_hv_pages,guest_page_writes,guest_collections," \
	"io_wait,cpu_ms,steal_ms,disk_busy_pct\n"

/* A row never needs more: 25 numbers of at most 20 digits, two names. */
#define TRACE_ROW_MAX 512

struct trace_row {
	uint64_t t_ms;
	const char *guest;
	const char *state;
	uint64_t free_pages, total_pages;
	uint64_t granted_pages, balloon_target_pages, balloon_pages;
	uint64_t swap_target_pages, swapped_pages;
	uint64_t swap_in, swap_out;
	uint32_t blocked;
	uint64_t guest_avail_pages, guest_ws_pages;
	uint64_t guest_major_faults, guest_lowmem_events;
	uint64_t alloc_pages, active_pages;
	uint64_t hv_pages, guest_hv_pages;
	uint64_t guest_page_writes, guest_collections;
	uint32_t io_wait;
	uint64_t cpu_ms, steal_ms;
	uint32_t disk_busy_pct;
};

/* Writes the row as one CSV line, newline included, into buf (size bytes,
 * at least TRACE_ROW_MAX); returns its length. */
size_t trace_format_row(char *buf, size_t size, const struct trace_row *r);

#endif
