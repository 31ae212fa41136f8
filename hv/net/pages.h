/*
 * What the management plane serves, made from the trace so far (the
 * rows hv/core/trace.c holds, columns in include/ballast/trace.h): the
 * last tick's rows as Prometheus metrics and as JSON. Pure code, tested on
 * the host (tests/unit/test_http.c), so the figures served are the trace's
 * own, column by column, found by the header's names.
 */
#ifndef HV_NET_PAGES_H
#define HV_NET_PAGES_H

#include "hv/lib/types.h"

#define PAGES_COLS_MAX 32
#define PAGES_ROWS_MAX 16       /* SCN_MAX_GUESTS */

struct field {
	const char *s;
	size_t len;
};

/* The last complete tick of a trace: its header's columns and one row
 * per guest. */
struct tick_view {
	struct field col[PAGES_COLS_MAX];
	unsigned ncols;
	struct field row[PAGES_ROWS_MAX][PAGES_COLS_MAX];
	unsigned nrows;
};

/* A response body being written: what does not fit is cut, and said. */
struct page {
	char *buf;
	size_t cap, len;
	bool cut;
};

void page_put(struct page *p, const char *s, size_t n);
void page_str(struct page *p, const char *s);
void page_u64(struct page *p, uint64_t v);

/* Reads the last tick of len bytes of trace text. ST_NOENT before the
 * first row. A trace whose start was flushed (no header line) is read
 * with TRACE_HEADER's columns. */
int tick_view_read(const char *trace, size_t len, struct tick_view *v);
/* The Prometheus text format (version 0.0.4), # HELP and # TYPE lines. */
void pages_metrics(const struct tick_view *v, struct page *p);
/* {"t_ms":..,"state":..,"free_pages":..,"total_pages":..,"hv_pages":..,
 *  "guests":[{"guest":..,<every other column>}]} */
void pages_state(const struct tick_view *v, struct page *p);

#endif
