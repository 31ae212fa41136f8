/*
 * The trace: CSV on COM2, one row per guest per tick, in the columns of
 * docs/design.md section 9 (the simulator writes the same ones), then
 * alloc_pages and active_pages (the policy's entitlement and active
 * estimate) and hv_pages (machine pages the hypervisor holds), so that
 * free + hypervisor + granted pages = total can be checked on every row.
 *
 * Rows are kept in memory and sent at the end of the run (or when the
 * buffer fills): a 115200-baud line carries about 11 KB per second, less
 * than four rows every 20 ms, and a hypervisor waiting on the line would
 * take that time from its guests and change the experiment it traces.
 */
#ifndef HV_CORE_TRACE_H
#define HV_CORE_TRACE_H

#include "hv/core/guest.h"
#include "hv/mm/policy.h"

void trace_header(void);
/* Sends the buffered rows to COM2; returns how many bytes it sent. */
uint64_t trace_flush(void);
/* Flushes forced by a full buffer: each one stalled the guests. */
uint64_t trace_stalls(void);
void trace_rows(uint64_t t_ms, enum mem_state state, const struct pmem *pmem,
		const struct guest *guests, const struct policy_guest *pg,
		unsigned n);

#endif
