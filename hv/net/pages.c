/* The last tick of the trace as metrics and JSON (see pages.h). */
#include "hv/net/pages.h"

#include <ballast/trace.h>

#include "hv/lib/string.h"

#define PAGE_BYTES 4096ull

enum scale { AS_IS, PAGES_TO_BYTES };

/* Names after esxtop's and node_exporter's: a unit in every name. */
struct metric {
	const char *col, *name, *type, *help;
	enum scale scale;
};

static const struct metric machine_metrics[] = {
	{ "free_pages", "ballast_machine_free_bytes", "gauge",
	  "Free machine memory after the tick's swap-outs.", PAGES_TO_BYTES },
	{ "total_pages", "ballast_machine_managed_bytes", "gauge",
	  "Machine memory the policy manages.", PAGES_TO_BYTES },
	{ "hv_pages", "ballast_hypervisor_bytes", "gauge",
	  "Machine memory the hypervisor holds.", PAGES_TO_BYTES },
	{ "disk_busy_pct", "ballast_disk_busy_percent", "gauge",
	  "Percent of the last tick the shared disk was busy.", AS_IS },
};

static const struct metric guest_metrics[] = {
	{ "granted_pages", "ballast_guest_granted_bytes", "gauge",
	  "Guest memory backed by a machine page.", PAGES_TO_BYTES },
	{ "balloon_target_pages", "ballast_guest_balloon_target_bytes", "gauge",
	  "The balloon target the policy gave the guest.", PAGES_TO_BYTES },
	{ "balloon_pages", "ballast_guest_ballooned_bytes", "gauge",
	  "Guest memory in its balloon.", PAGES_TO_BYTES },
	{ "swap_target_pages", "ballast_guest_swap_target_bytes", "gauge",
	  "Guest memory the policy wants in swap.", PAGES_TO_BYTES },
	{ "swapped_pages", "ballast_guest_swapped_bytes", "gauge",
	  "Guest memory in swap.", PAGES_TO_BYTES },
	{ "swap_in", "ballast_swap_in_pages_total", "counter",
	  "Pages the hypervisor swapped in for the guest.", AS_IS },
	{ "swap_out", "ballast_swap_out_pages_total", "counter",
	  "Pages the hypervisor swapped out of the guest.", AS_IS },
	{ "blocked", "ballast_guest_blocked", "gauge",
	  "1 while the guest waits for a machine page.", AS_IS },
	{ "guest_avail_pages", "ballast_guest_available_bytes", "gauge",
	  "The guest's free memory, as it reports it.", PAGES_TO_BYTES },
	{ "guest_ws_pages", "ballast_guest_working_set_bytes", "gauge",
	  "The guest's working set, as it reports it.", PAGES_TO_BYTES },
	{ "guest_major_faults", "ballast_guest_page_reads_total", "counter",
	  "The guest's own paging reads.", AS_IS },
	{ "guest_lowmem_events", "ballast_guest_lowmem_events_total", "counter",
	  "The guest's low-memory notifications.", AS_IS },
	{ "alloc_pages", "ballast_guest_entitlement_bytes", "gauge",
	  "The policy's entitlement for the guest.", PAGES_TO_BYTES },
	{ "active_pages", "ballast_guest_active_bytes", "gauge",
	  "The active-memory estimate the policy used.", PAGES_TO_BYTES },
	{ "guest_hv_pages", "ballast_guest_hypervisor_bytes", "gauge",
	  "Machine memory the hypervisor spends on the guest (VMCS, stage-2 tables, victim set).",
	  PAGES_TO_BYTES },
	{ "guest_page_writes", "ballast_guest_page_writes_total", "counter",
	  "The guest's own paging writes.", AS_IS },
	{ "guest_collections", "ballast_guest_collections_total", "counter",
	  "The guest's collections, all generations.", AS_IS },
	{ "io_wait", "ballast_guest_io_wait", "gauge",
	  "1 while the guest waits in the disk queue.", AS_IS },
	{ "cpu_ms", "ballast_guest_cpu_milliseconds_total", "counter",
	  "Time the guest held the CPU.", AS_IS },
	{ "steal_ms", "ballast_guest_steal_milliseconds_total", "counter",
	  "Time the guest could have run while another held the CPU.", AS_IS },
};

static const char *const state_names[] = { "high", "soft", "hard", "low" };

void page_put(struct page *p, const char *s, size_t n)
{
	if (n > p->cap - p->len) {
		n = p->cap - p->len;
		p->cut = true;
	}
	memcpy(p->buf + p->len, s, n);
	p->len += n;
}

void page_str(struct page *p, const char *s)
{
	page_put(p, s, strlen(s));
}

void page_u64(struct page *p, uint64_t v)
{
	char d[20];
	size_t n = 0;

	do {
		d[sizeof(d) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	page_put(p, d + sizeof(d) - n, n);
}

/* A name or state as a label value or JSON string: only characters that
 * need no escaping in either pass; any other becomes '_'. */
static void page_name(struct page *p, const struct field *f)
{
	for (size_t i = 0; i < f->len; i++) {
		char c = f->s[i];
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			     c == '.';

		page_put(p, plain ? &c : "_", 1);
	}
}

static bool field_is(const struct field *f, const char *word)
{
	return f->len == strlen(word) && !memcmp(f->s, word, f->len);
}

/* A column's value as a number; false unless it is 1 to 20 digits. */
static bool field_u64(const struct field *f, uint64_t *v)
{
	uint64_t x = 0;

	if (!f->len || f->len > 19)
		return false;
	for (size_t i = 0; i < f->len; i++) {
		if (f->s[i] < '0' || f->s[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(f->s[i] - '0');
	}
	*v = x;
	return true;
}

/* Splits one CSV line (no newline) at commas into at most max fields. */
static unsigned split(const char *s, size_t len, struct field *out,
		      unsigned max)
{
	unsigned n = 0;
	size_t start = 0;

	for (size_t i = 0; i <= len && n < max; i++) {
		if (i < len && s[i] != ',')
			continue;
		out[n++] = (struct field){ s + start, i - start };
		start = i + 1;
	}
	return n;
}

static int find_col(const struct tick_view *v, const char *name)
{
	for (unsigned i = 0; i < v->ncols; i++)
		if (field_is(&v->col[i], name))
			return (int)i;
	return -1;
}

/* The line ending just before end (at a '\n' or the text's start). */
static size_t line_start(const char *s, size_t end)
{
	while (end && s[end - 1] != '\n')
		end--;
	return end;
}

static void read_header(const char *trace, size_t len, struct tick_view *v)
{
	static const char fallback[] = TRACE_HEADER;
	const char *h = fallback;
	size_t n = sizeof(fallback) - 2; /* without the newline */

	if (len > 5 && !memcmp(trace, "t_ms,", 5)) {
		h = trace;
		for (n = 0; n < len && trace[n] != '\n'; n++)
			;
	}
	v->ncols = split(h, n, v->col, PAGES_COLS_MAX);
}

int tick_view_read(const char *trace, size_t len, struct tick_view *v)
{
	size_t end = len;
	struct field t_ms = { 0, 0 };

	read_header(trace, len, v);
	v->nrows = 0;
	while (end && trace[end - 1] != '\n')
		end--; /* a row still being written is not read */
	while (end && v->nrows < PAGES_ROWS_MAX) {
		size_t start = line_start(trace, end - 1);
		struct field *row = v->row[v->nrows];
		unsigned n = split(trace + start, end - 1 - start, row,
				   PAGES_COLS_MAX);

		if (n != v->ncols || field_is(&row[0], "t_ms") ||
		    (v->nrows && (row[0].len != t_ms.len ||
				  memcmp(row[0].s, t_ms.s, t_ms.len))))
			break;
		t_ms = row[0];
		v->nrows++;
		end = start;
	}
	for (unsigned i = 0; i < v->nrows / 2; i++) {
		struct field tmp[PAGES_COLS_MAX];

		memcpy(tmp, v->row[i], sizeof(tmp));
		memcpy(v->row[i], v->row[v->nrows - 1 - i], sizeof(tmp));
		memcpy(v->row[v->nrows - 1 - i], tmp, sizeof(tmp));
	}
	return v->nrows ? ST_OK : ST_NOENT;
}

static void metric_head(struct page *p, const struct metric *m)
{
	page_str(p, "# HELP ");
	page_str(p, m->name);
	page_str(p, " ");
	page_str(p, m->help);
	page_str(p, "\n# TYPE ");
	page_str(p, m->name);
	page_str(p, " ");
	page_str(p, m->type);
	page_str(p, "\n");
}

static void sample(struct page *p, const struct metric *m,
		   const struct field *guest, uint64_t value)
{
	page_str(p, m->name);
	if (guest) {
		page_str(p, "{guest=\"");
		page_name(p, guest);
		page_str(p, "\"}");
	}
	page_str(p, " ");
	page_u64(p, m->scale == PAGES_TO_BYTES ? value * PAGE_BYTES : value);
	page_str(p, "\n");
}

/* One metric: from the first row for the machine's, else from each. */
static void metric(const struct tick_view *v, struct page *p,
		   const struct metric *m, int guest_col)
{
	int c = find_col(v, m->col);
	uint64_t x;

	if (c < 0)
		return;
	metric_head(p, m);
	for (unsigned r = 0; r < (guest_col < 0 ? 1u : v->nrows); r++)
		if (field_u64(&v->row[r][c], &x))
			sample(p, m, guest_col < 0 ? NULL : &v->row[r][guest_col], x);
}

static void metric_state(const struct tick_view *v, struct page *p)
{
	static const struct metric m = {
		"state", "ballast_mem_state", "gauge",
		"1 for the memory state the policy is in (high, soft, hard, low), else 0.",
		AS_IS
	};
	int c = find_col(v, "state");

	if (c < 0)
		return;
	metric_head(p, &m);
	for (unsigned i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++) {
		page_str(p, "ballast_mem_state{state=\"");
		page_str(p, state_names[i]);
		page_str(p, "\"} ");
		page_str(p, field_is(&v->row[0][c], state_names[i]) ? "1\n" : "0\n");
	}
}

static void metric_time(const struct tick_view *v, struct page *p)
{
	static const struct metric m = {
		"t_ms", "ballast_run_time_seconds", "gauge",
		"The last tick's time on the run's clock.", AS_IS
	};
	int c = find_col(v, "t_ms");
	uint64_t ms;
	char frac[4];

	if (c < 0 || !field_u64(&v->row[0][c], &ms))
		return;
	metric_head(p, &m);
	page_str(p, "ballast_run_time_seconds ");
	page_u64(p, ms / 1000);
	frac[0] = '.';
	frac[1] = (char)('0' + ms / 100 % 10);
	frac[2] = (char)('0' + ms / 10 % 10);
	frac[3] = (char)('0' + ms % 10);
	page_put(p, frac, sizeof(frac));
	page_str(p, "\n");
}

void pages_metrics(const struct tick_view *v, struct page *p)
{
	int g = find_col(v, "guest");

	if (!v->nrows)
		return;
	metric_time(v, p);
	metric_state(v, p);
	for (unsigned i = 0; i < sizeof(machine_metrics) / sizeof(machine_metrics[0]); i++)
		metric(v, p, &machine_metrics[i], -1);
	if (g < 0)
		return;
	for (unsigned i = 0; i < sizeof(guest_metrics) / sizeof(guest_metrics[0]); i++)
		metric(v, p, &guest_metrics[i], g);
}

/* The columns that are the machine's, not a guest's: shown once. */
static bool machine_col(const struct field *col)
{
	return field_is(col, "t_ms") || field_is(col, "state") ||
	       field_is(col, "free_pages") || field_is(col, "total_pages") ||
	       field_is(col, "hv_pages");
}

static void json_pair(struct page *p, const struct field *key,
		      const struct field *value)
{
	uint64_t x;

	page_str(p, "\"");
	page_name(p, key);
	page_str(p, "\":");
	if (field_u64(value, &x)) {
		page_u64(p, x);
		return;
	}
	page_str(p, "\"");
	page_name(p, value);
	page_str(p, "\"");
}

static void json_guest(const struct tick_view *v, struct page *p, unsigned r)
{
	bool first = true;

	page_str(p, r ? ",{" : "{");
	for (unsigned c = 0; c < v->ncols; c++) {
		if (machine_col(&v->col[c]))
			continue;
		if (!first)
			page_str(p, ",");
		first = false;
		json_pair(p, &v->col[c], &v->row[r][c]);
	}
	page_str(p, "}");
}

void pages_state(const struct tick_view *v, struct page *p)
{
	page_str(p, "{");
	for (unsigned c = 0; v->nrows && c < v->ncols; c++) {
		if (!machine_col(&v->col[c]))
			continue;
		json_pair(p, &v->col[c], &v->row[0][c]);
		page_str(p, ",");
	}
	page_str(p, "\"guests\":[");
	for (unsigned r = 0; r < v->nrows; r++)
		json_guest(v, p, r);
	page_str(p, "]}\n");
}
