/*
 * The trace's transport: the rows hv/mm/reclaim.c formats (columns in
 * include/ballast/trace.h, the same as the simulator's) go to COM2.
 *
 * Rows are kept in memory and sent at the end of the run (or when the
 * buffer fills): a 115200-baud line carries about 11 KB per second, less
 * than four rows every 20 ms, and a hypervisor waiting on the line would
 * take that time from its guests and change the experiment it traces.
 */
#ifndef HV_CORE_TRACE_H
#define HV_CORE_TRACE_H

#include "hv/lib/types.h"

void trace_init(void);
/* Buffers n bytes of trace text. */
void trace_append(const char *s, size_t n);
/* Sends the buffered rows to COM2; returns how many bytes it sent. */
uint64_t trace_flush(void);
/* The rows buffered since the run began, or since the buffer last filled
 * (sent or not), for the management plane. */
const char *trace_text(size_t *len);
/* Flushes forced by a full buffer: each one stalled the guests. */
uint64_t trace_stalls(void);

#endif
