/*
 * A simulated guest: a small OS, its workload and its balloon driver.
 *
 * The OS keeps a free list, lets the workload's runtime leave garbage that
 * is collected only when the OS signals low memory (the case study's .NET
 * CLR), and pages heap pages out to its own paging file on the shared disk
 * when it has no free page left. The contention workload ramps its heap up,
 * then updates random heap pages; every fourth update also allocates a page
 * of garbage. The balloon driver follows the hypervisor's target at a
 * bounded rate, taking free pages first and paging out when it must.
 */
#include "tools/ballast-sim/sim.h"

#include <stdlib.h>

#define ACCESS_US 500           /* one heap page update: 2000 per second */
#define ALLOC_US 60             /* first write of a fresh page */
#define GARBAGE_EVERY 4         /* updates per page of garbage */
#define KERNEL_SHIFT 6          /* the OS itself uses 1/64 of memory */
#define LOWMEM_SHIFT 7          /* notify below 1/128 of memory free, */
#define LOWMEM_PERIOD_US (5 * US_PER_S)  /* at most once per 5 s */
#define TRIM_SHIFT 9            /* and trim 1/512 of memory to disk */
#define BALLOON_SHIFT 8         /* balloon moves 1/256 of memory a second */
#define NO_PAGE UINT32_MAX

/* ---- the page list: [free | garbage | unused ... | balloon] ---- */

/* Takes the free page on top; garbage shifts down to keep its run whole. */
static uint32_t pop_free(struct sim_guest *g)
{
	uint32_t top = g->nfree - 1, gpa = g->list[top];

	if (g->ngarbage)
		g->list[top] = g->list[top + g->ngarbage];
	g->nfree--;
	return gpa;
}

/* The free page on top becomes garbage: the boundary moves, nothing else. */
static uint32_t pop_garbage(struct sim_guest *g)
{
	g->nfree--;
	g->ngarbage++;
	return g->list[g->nfree];
}

static void push_free(struct sim_guest *g, uint32_t gpa)
{
	if (g->ngarbage)
		g->list[g->nfree + g->ngarbage] = g->list[g->nfree];
	g->list[g->nfree++] = gpa;
}

/* The runtime's garbage collection: all garbage is free again. */
static void collect(struct sim_guest *g)
{
	g->nfree += g->ngarbage;
	g->ngarbage = 0;
}

/* ---- the OS's paging ---- */

static uint32_t random_resident(struct sim_guest *g)
{
	for (int probe = 0; probe < 64; probe++) {
		uint32_t v = (uint32_t)prng_below(&g->rng, g->heap_used);

		if (g->heap[v] != HEAP_OUT)
			return v;
	}
	for (uint32_t v = 0; v < g->heap_used; v++)
		if (g->heap[v] != HEAP_OUT)
			return v;
	return NO_PAGE;
}

/*
 * Writes one heap page to the paging file and frees its GPA. Reading the
 * page may need the hypervisor to swap it in first: double paging, the
 * reason ESX prefers the balloon. `wait`: the caller stalls for the write.
 */
static enum step page_out(struct host *h, struct sim_guest *g, bool wait)
{
	uint32_t v = random_resident(g);
	uint32_t gpa;

	if (v == NO_PAGE)
		return STEP_BLOCKED;
	gpa = g->heap[v];
	enum step st = host_touch(h, g, gpa);
	if (st != STEP_OK)
		return st;
	uint64_t done = disk_io(&h->disk, g->now);
	if (wait)
		g->now = done;
	g->heap[v] = HEAP_OUT;
	g->heap_resident--;
	g->c.page_outs++;
	push_free(g, gpa);
	return STEP_OK;
}

/*
 * Below the watermark the OS tells listeners memory is low (the runtime
 * collects its garbage) and trims working sets to the paging file. Like
 * Windows' low-memory notification, listeners see it at most once a period.
 */
static void check_lowmem(struct host *h, struct sim_guest *g)
{
	if (g->nfree >= g->pages >> LOWMEM_SHIFT ||
	    g->now < g->next_lowmem)
		return;
	g->next_lowmem = g->now + LOWMEM_PERIOD_US;
	g->c.lowmem_events++;
	collect(g);
	for (uint32_t i = 0; i < g->pages >> TRIM_SHIFT && g->heap_resident; i++)
		if (page_out(h, g, false) != STEP_OK)
			break;
}

/*
 * Makes sure a free page exists: the OS pages a heap page out; garbage
 * waits for the next notification unless there is nothing else to take.
 */
static enum step ensure_free(struct host *h, struct sim_guest *g, bool wait)
{
	if (g->nfree == 0 && g->heap_resident)
		return page_out(h, g, wait);
	if (g->nfree == 0)
		collect(g);
	return g->nfree ? STEP_OK : STEP_BLOCKED;
}

/* A fresh page for the workload, written at once (so touched). */
static enum step new_page(struct host *h, struct sim_guest *g, bool garbage,
			  uint32_t *gpa)
{
	enum step st = ensure_free(h, g, true);

	if (st != STEP_OK)
		return st;
	st = host_touch(h, g, g->list[g->nfree - 1]);
	if (st != STEP_OK)
		return st;
	*gpa = garbage ? pop_garbage(g) : pop_free(g);
	g->now += ALLOC_US;
	check_lowmem(h, g);
	return STEP_OK;
}

/* ---- workloads ---- */

static void exit_guest(struct host *h, struct sim_guest *g)
{
	g->exited = true;
	g->exit_us = g->now;
	host_release(h, g);
}

/* A heap page the OS had paged out: a major fault, read back from disk. */
static enum step fault_in(struct host *h, struct sim_guest *g, uint32_t v)
{
	uint32_t gpa;
	enum step st = new_page(h, g, false, &gpa);

	if (st != STEP_OK)
		return st;
	g->now = disk_io(&h->disk, g->now);
	g->heap[v] = gpa;
	g->heap_resident++;
	g->c.major_faults++;
	return STEP_OK;
}

static enum step update_heap(struct host *h, struct sim_guest *g)
{
	uint32_t v = (uint32_t)prng_below(&g->rng, g->heap_pages);
	enum step st;

	if (g->heap[v] == HEAP_OUT)
		st = fault_in(h, g, v);
	else
		st = host_touch(h, g, g->heap[v]);
	if (st != STEP_OK)
		return st;
	g->now += ACCESS_US;
	if (--g->work_left % GARBAGE_EVERY == 0) {
		uint32_t gpa;

		/* Garbage that finds no page is simply not made. */
		new_page(h, g, true, &gpa);
	}
	return STEP_OK;
}

static enum step contention_step(struct host *h, struct sim_guest *g)
{
	if (g->heap_used < g->heap_pages) {
		uint32_t gpa;
		enum step st = new_page(h, g, false, &gpa);

		if (st == STEP_OK) {
			g->heap[g->heap_used++] = gpa;
			g->heap_resident++;
		}
		return st;
	}
	if (g->work_left == 0) {
		exit_guest(h, g);
		return STEP_OK;
	}
	return update_heap(h, g);
}

/* Writes a pattern over `touch` bytes after the kernel, then reads it. */
static enum step pattern_step(struct host *h, struct sim_guest *g)
{
	uint64_t touch_pages = (g->cfg->touch + PAGE_SIZE - 1) / PAGE_SIZE;
	uint32_t kernel = g->pages >> KERNEL_SHIFT;

	if (g->pattern_next == 2 * touch_pages) {
		exit_guest(h, g);
		return STEP_OK;
	}
	uint32_t gpa = kernel + (uint32_t)(g->pattern_next % touch_pages);
	enum step st = host_touch(h, g, gpa);
	if (st == STEP_OK) {
		g->pattern_next++;
		g->now += ALLOC_US;
	}
	return st;
}

/* Touches a GPA outside its memory: the hypervisor stops only this guest. */
static enum step wild_step(struct host *h, struct sim_guest *g)
{
	g->killed = true;
	exit_guest(h, g);
	return STEP_OK;
}

static enum step workload_step(struct host *h, struct sim_guest *g,
			       uint64_t until)
{
	switch (g->cfg->workload) {
	case GUEST_WL_CONTENTION:
		return contention_step(h, g);
	case GUEST_WL_PATTERN:
		return pattern_step(h, g);
	case GUEST_WL_WILD:
		return wild_step(h, g);
	case GUEST_WL_IDLE:
		g->now = until;         /* sleeps through the tick */
		return STEP_OK;
	default:
		/*
		 * The others test the real hypervisor's mechanism (hypercalls,
		 * a misbehaving balloon): no memory to model, they exit.
		 */
		exit_guest(h, g);
		return STEP_OK;
	}
}

void guest_start_tick(struct host *h, struct sim_guest *g)
{
	g->blocked_tick = false;
	if (g->now < h->now)
		g->now = h->now;
}

void guest_step(struct host *h, struct sim_guest *g, uint64_t until)
{
	if (workload_step(h, g, until) == STEP_BLOCKED) {
		g->blocked_tick = true;
		g->blocked_us += until - g->now;
		g->now = until;
	}
}

/* ---- the balloon driver ---- */

static bool inflate_one(struct host *h, struct sim_guest *g, uint64_t tick_end)
{
	/* A disk queue past this tick: the balloon lags, swapping covers. */
	if (g->nfree == 0 && h->disk.busy_until > tick_end)
		return false;
	if (ensure_free(h, g, false) != STEP_OK)
		return false;
	uint32_t gpa = pop_free(g);
	g->list[g->pages - 1 - g->nballoon++] = gpa;
	host_balloon_take(h, g, gpa);
	check_lowmem(h, g);
	return true;
}

static void deflate_one(struct sim_guest *g)
{
	uint32_t gpa = g->list[g->pages - g->nballoon--];

	host_balloon_give(g, gpa);
	push_free(g, gpa);
}

void guest_balloon(struct host *h, struct sim_guest *g)
{
	uint64_t rate = ((uint64_t)g->pages >> BALLOON_SHIFT) * h->tick_us /
			US_PER_S + 1;
	uint64_t target = g->target;
	uint64_t tick_end = h->now + h->tick_us;

	if (!g->cfg->balloon || g->exited)
		return;
	for (uint64_t i = 0; i < rate && g->nballoon < target; i++)
		if (!inflate_one(h, g, tick_end))
			break;
	for (uint64_t i = 0; i < rate && g->nballoon > target; i++)
		deflate_one(g);
}

/* ---- set-up ---- */

uint64_t guest_ws_pages(const struct sim_guest *g)
{
	return (uint64_t)g->heap_resident + g->ngarbage;
}

/* The OS boots: it writes its own pages (the first 1/64 of memory). */
void guest_boot(struct host *h, struct sim_guest *g)
{
	for (uint32_t gpa = 0; gpa < g->pages >> KERNEL_SHIFT; gpa++)
		host_touch(h, g, gpa);
}

static uint64_t initial_work(const struct scn_guest *cfg, uint32_t heap_pages)
{
	if (cfg->workload == GUEST_WL_CONTENTION)
		return (uint64_t)cfg->work * heap_pages;
	return 0;
}

int guest_init(struct sim_guest *g, const struct scn_guest *cfg,
	       unsigned index, uint64_t seed)
{
	uint64_t s = seed ^ (0x9e3779b97f4a7c15ull * (index + 1));
	uint32_t pages = (uint32_t)(cfg->memory / PAGE_SIZE);
	uint32_t reserved = pages >> KERNEL_SHIFT;

	*g = (struct sim_guest){ .cfg = cfg, .pages = pages };
	if (cfg->workload == GUEST_WL_PATTERN)
		reserved += (uint32_t)((cfg->touch + PAGE_SIZE - 1) / PAGE_SIZE);
	if (cfg->workload == GUEST_WL_CONTENTION)
		g->heap_pages = (uint32_t)(cfg->heap / PAGE_SIZE);
	g->p2m = calloc(pages, 1);
	g->back = malloc((size_t)pages * sizeof(*g->back));
	g->list = malloc((size_t)pages * sizeof(*g->list));
	g->heap = malloc((size_t)g->heap_pages * sizeof(*g->heap) + 1);
	if (!g->p2m || !g->back || !g->list || !g->heap)
		return -1;
	/* Free pages are handed out from the top: lowest GPAs first. */
	for (uint32_t gpa = pages; gpa > reserved; gpa--)
		g->list[g->nfree++] = gpa - 1;
	g->work_left = initial_work(cfg, g->heap_pages);
	prng_seed(&g->rng, splitmix64(&s));
	return 0;
}

void guest_free(struct sim_guest *g)
{
	victims_destroy(&g->victims);
	free(g->p2m);
	free(g->back);
	free(g->list);
	free(g->heap);
}
