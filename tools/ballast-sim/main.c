/*
 * ballast-sim SCENARIO.scn -o DIR
 *
 * Runs the scenario's guests on a simulated host around the hypervisor's
 * reclaim loop, one policy tick at a time, and writes DIR/trace.csv
 * (include/ballast/trace.h, docs/design.md section 9), DIR/summary.txt and
 * DIR/console.log (what it also prints). Exit status: 0 done, 1 failure,
 * 2 bad usage or bad scenario.
 */
#include "tools/ballast-sim/sim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct stats {
	uint64_t state_us[MEM_NSTATES];
	uint64_t peak_target[SCN_MAX_GUESTS];
	uint64_t peak_balloon[SCN_MAX_GUESTS];
	uint64_t min_free;
	uint64_t end_us;
	uint64_t bytes;                 /* per-page metadata allocated */
};

struct run {
	const char *scn_path;
	const struct sim_model *model;
	struct scenario scn;
	struct host host;
	struct sim_guest guests[SCN_MAX_GUESTS];
	struct sim_machine machine;     /* the loop's ops work on it */
	struct stats st;
	FILE *trace, *console;
};

/* Prints to stdout and to console.log. */
static void say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vfprintf(r->console, fmt, ap);
	va_end(ap);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1))) {
		*len = fread(buf, 1, (size_t)size, f);
		if (*len != (size_t)size) {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static int load_scenario(struct run *r)
{
	struct scn_error err;
	size_t len;
	char *text = read_file(r->scn_path, &len);

	if (!text) {
		fprintf(stderr, "%s: %s\n", r->scn_path, strerror(errno));
		return 2;
	}
	int st = scn_parse(text, len, &r->scn, &err);
	free(text);
	if (st) {
		fprintf(stderr, "%s:%u:%u: %s\n", r->scn_path, err.line,
			err.col, err.msg);
		return 2;
	}
	return 0;
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "ballast-sim: %s: %s\n", path, strerror(errno));
	return f;
}

static int setup(struct run *r)
{
	const struct scenario *s = &r->scn;

	host_init(&r->host, s, r->model);
	for (unsigned i = 0; i < s->nguests; i++) {
		struct sim_guest *g = &r->guests[i];

		/* Page numbers are 32 bits here: at most 16 TiB a guest. */
		if (s->guests[i].memory / PAGE_SIZE > UINT32_MAX ||
		    s->guests[i].heap / PAGE_SIZE > UINT32_MAX - 2 -
		    s->guests[i].memory / PAGE_SIZE / 4) {
			fprintf(stderr, "ballast-sim: guest %s: memory or heap "
				"over 16 TiB\n", s->guests[i].name);
			return 1;
		}
		if (guest_init(g, &s->guests[i], i, s->seed)) {
			fprintf(stderr, "ballast-sim: out of memory\n");
			return 1;
		}
		g->index = i;
		host_track(&r->host, g);
		r->st.bytes += g->pages * (sizeof(*g->p2m) + sizeof(*g->back) +
					   sizeof(*g->list)) +
			       ((uint64_t)g->proc.heap_pages + g->proc.garbage_cap) *
			       (sizeof(*g->proc.page) + sizeof(*g->proc.flag) +
				2 * sizeof(*g->proc.sb_next));
	}
	for (unsigned i = 0; i < s->nguests; i++)
		guest_boot(&r->host, &r->guests[i]);
	r->st.min_free = r->host.free_pages;
	return 0;
}

/* State changes, with the free memory the policy saw, and exits. */
static void note_events(struct run *r, enum mem_state before,
			uint64_t free_pages, uint64_t t_us)
{
	const struct host *h = &r->host;

	if (h->loop.policy.state != before)
		say(r, "%10.1f s  state %s -> %s, free %.2f %%\n", t_us / 1e6,
		    mem_state_name(before), mem_state_name(h->loop.policy.state),
		    100.0 * free_pages / h->total_pages);
	for (unsigned i = 0; i < r->scn.nguests; i++) {
		struct sim_guest *g = &r->guests[i];

		if (!g->exited || g->announced)
			continue;
		if (g->killed)
			say(r, "%10.1f s  guest %s stopped: touched GPA 0x%llx "
			    "outside its memory\n", g->exit_us / 1e6,
			    g->cfg->name, (unsigned long long)g->cfg->wild_at);
		else
			say(r, "%10.1f s  guest %s exited\n", g->exit_us / 1e6,
			    g->cfg->name);
		g->announced = true;
	}
}

static void record(struct run *r, uint64_t tick_us)
{
	const struct host *h = &r->host;

	r->st.state_us[h->loop.policy.state] += tick_us;
	if (h->free_pages < r->st.min_free)
		r->st.min_free = h->free_pages;
	for (unsigned i = 0; i < r->scn.nguests; i++) {
		uint64_t t = r->guests[i].target, b = r->guests[i].nballoon;

		if (t > r->st.peak_target[i])
			r->st.peak_target[i] = t;
		if (!r->guests[i].exited && b > r->st.peak_balloon[i])
			r->st.peak_balloon[i] = b;
	}
}

/* A guest with a finite workload still running. */
static bool busy(const struct run *r)
{
	for (unsigned i = 0; i < r->scn.nguests; i++)
		if (!r->guests[i].exited &&
		    r->guests[i].cfg->workload != GUEST_WL_IDLE)
			return true;
	return false;
}

static bool finished(const struct run *r, uint64_t now_us)
{
	uint64_t now_ms = now_us / US_PER_MS;

	if (now_ms >= r->scn.limit_ms)
		return true;
	if (r->scn.until_ms)
		return now_ms >= r->scn.until_ms;
	return !busy(r);
}

/* The policy's tick at `now` (hv/mm/reclaim.c), then the guests and their
 * balloons until the next one. */
static void tick(struct run *r, uint64_t now)
{
	struct host *h = &r->host;
	enum mem_state before = h->loop.policy.state;

	h->now = now;
	disk_tick(&h->disk, now, now ? h->tick_us : 0);
	reclaim_tick(&h->loop, now / US_PER_MS);
	cpu_run(h, r->guests, r->scn.nguests, now + h->tick_us);
	for (unsigned i = 0; i < r->scn.nguests; i++)
		guest_balloon(h, &r->guests[i]);
	note_events(r, before, h->loop.free_seen, now);
	record(r, h->tick_us);
}

/*
 * When the run ended: at the scenario's end or limit, or when the last
 * guest with work to do left; never the end of the tick it left in, or a
 * long tick would count its whole length as run time.
 */
static uint64_t run_end(const struct run *r, uint64_t now)
{
	uint64_t stop = r->scn.limit_ms, last = 0;

	if (r->scn.until_ms && r->scn.until_ms < stop)
		stop = r->scn.until_ms;
	if (now > stop * US_PER_MS)
		now = stop * US_PER_MS;
	if (r->scn.until_ms || busy(r))
		return now;
	for (unsigned i = 0; i < r->scn.nguests; i++)
		if (r->guests[i].exited && r->guests[i].exit_us > last)
			last = r->guests[i].exit_us;
	return last < now ? last : now;
}

static void simulate(struct run *r)
{
	struct host *h = &r->host;
	uint64_t now = 0, last;

	r->machine = (struct sim_machine){ h, r->guests, r->trace };
	reclaim_init(&h->loop, &r->scn, h->total_pages, true, &sim_ops,
		     &r->machine);
	while (!finished(r, now)) {
		tick(r, now);
		now += h->tick_us;
	}
	r->st.end_us = run_end(r, now);
	/* The last tick's state held only until the end. */
	r->st.state_us[h->loop.policy.state] -= now - r->st.end_us;
	/* One last row at the end, as the hypervisor's memctl_finish. */
	h->now = r->st.end_us;
	last = now >= h->tick_us ? now - h->tick_us : 0;
	disk_tick(&h->disk, h->now, h->now > last ? h->now - last : 0);
	reclaim_tick(&h->loop, r->st.end_us / US_PER_MS);
}

static double mib(uint64_t pages)
{
	return pages * (double)PAGE_SIZE / (1 << 20);
}

static double secs(uint64_t us)
{
	return us / 1e6;
}

static void summary_guest(struct run *r, FILE *f, unsigned i)
{
	const struct sim_guest *g = &r->guests[i];
	const struct counters *c = &g->c;
	uint64_t run_us = g->exited ? g->exit_us : r->st.end_us;

	fprintf(f, "guest %s memory_pages=%u runtime_s=%.1f end=%s "
		"peak_balloon_target_pages=%llu peak_balloon_pages=%llu "
		"swap_out=%llu swap_in=%llu major_faults=%llu "
		"lowmem_events=%llu page_writes=%llu soft_faults=%llu "
		"collections=%llu gen0=%llu gen1=%llu gen2=%llu "
		"cpu_s=%.1f steal_s=%.1f io_wait_s=%.1f blocked_s=%.1f "
		"runtime_less_steal_s=%.1f\n",
		g->cfg->name, g->pages, secs(run_us),
		g->killed ? "stopped" : g->exited ? "exited" : "running",
		(unsigned long long)r->st.peak_target[i],
		(unsigned long long)r->st.peak_balloon[i],
		(unsigned long long)c->swap_out, (unsigned long long)c->swap_in,
		(unsigned long long)c->major_faults,
		(unsigned long long)c->lowmem_events,
		(unsigned long long)c->page_writes,
		(unsigned long long)c->soft_faults,
		(unsigned long long)c->collections,
		(unsigned long long)c->gen[0], (unsigned long long)c->gen[1],
		(unsigned long long)c->gen[2], secs(c->cpu_us),
		secs(c->steal_us), secs(c->io_us), secs(c->blocked_us),
		secs(run_us - c->steal_us));
	say(r, "  %-12s run %8.1f s (less steal %8.1f s)  peak balloon target "
	    "%6.0f MiB (%2.0f %%)  swapped out %6.0f MiB  page reads %8llu  "
	    "collections %5llu\n", g->cfg->name, secs(run_us),
	    secs(run_us - c->steal_us), mib(r->st.peak_target[i]),
	    100.0 * r->st.peak_target[i] / g->pages, mib(c->swap_out),
	    (unsigned long long)c->major_faults,
	    (unsigned long long)c->collections);
}

static void summarize(struct run *r, FILE *f)
{
	const struct host *h = &r->host;
	uint64_t pages = 0;
	double end = r->st.end_us / 1e6;

	for (unsigned i = 0; i < r->scn.nguests; i++)
		pages += r->guests[i].pages;
	fprintf(f, "scenario %s\nseed %llu\nsimulated_s %.1f\n", r->scn_path,
		(unsigned long long)r->scn.seed, end);
	fprintf(f, "machine total_pages=%llu hypervisor_pages=%llu "
		"min_free_pages=%llu\n", (unsigned long long)h->total_pages,
		(unsigned long long)h->hv_pages,
		(unsigned long long)r->st.min_free);
	fprintf(f, "states");
	say(r, "summary: %.1f simulated s;", end);
	for (int s = 0; s < MEM_NSTATES; s++) {
		fprintf(f, " %s_s=%.1f", mem_state_name(s),
			r->st.state_us[s] / 1e6);
		say(r, " %s %.1f s", mem_state_name(s), r->st.state_us[s] / 1e6);
	}
	fprintf(f, "\nbytes_per_guest_page %.2f\n", (double)r->st.bytes / pages);
	say(r, "; min free %.2f %%\n", 100.0 * r->st.min_free / h->total_pages);
	for (unsigned i = 0; i < r->scn.nguests; i++)
		summary_guest(r, f, i);
}

static const struct sim_model *find_model(const char *name)
{
	if (strcmp(name, sim_model_case_study.name) == 0)
		return &sim_model_case_study;
	if (strcmp(name, sim_model_stub.name) == 0)
		return &sim_model_stub;
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: ballast-sim SCENARIO.scn -o DIR [-m case-study|stub]\n");
	return 2;
}

/* mkdir -p: DIR and any missing folder above it, so -o out/sim/NAME works
 * in a fresh checkout. */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -1;
		path[i] = dir[i];
	}
	return 0;
}

static int run_main(struct run *r, const char *dir)
{
	int st = load_scenario(r);
	FILE *summary;

	if (st)
		return st;
	if (make_dirs(dir)) {
		fprintf(stderr, "ballast-sim: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	r->trace = open_out(dir, "trace.csv");
	r->console = open_out(dir, "console.log");
	summary = open_out(dir, "summary.txt");
	if (!r->trace || !r->console || !summary || setup(r))
		return 1;
	say(r, "ballast-sim: %s, %u guests, seed %llu\n", r->scn_path,
	    r->scn.nguests, (unsigned long long)r->scn.seed);
	simulate(r);
	summarize(r, summary);
	st = ferror(r->trace) | ferror(summary) | ferror(r->console);
	st |= fclose(r->trace) | fclose(summary) | fclose(r->console);
	for (unsigned i = 0; i < r->scn.nguests; i++)
		guest_free(&r->guests[i]);
	return st ? 1 : 0;
}

int main(int argc, char **argv)
{
	static struct run r;
	const char *dir = NULL;

	r.model = &sim_model_case_study;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc)
			r.model = find_model(argv[++i]);
		else if (!r.scn_path && argv[i][0] != '-')
			r.scn_path = argv[i];
		else
			return usage();
	}
	if (!r.model) {
		fprintf(stderr, "ballast-sim: no such guest model (case-study or stub)\n");
		return 2;
	}
	if (!r.scn_path || !dir)
		return usage();
	return run_main(&r, dir);
}
