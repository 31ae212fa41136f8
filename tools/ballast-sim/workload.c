/*
 * The simulated guests' workloads. The contention workload is the case
 * study's benchmark (ThreadContentionGenerator), in the guest stub's steps
 * (guest-stub/contention.c): each grows its large object heap by 1 +
 * heap/4096 pages while it is below its size, then updates 64 random heap
 * pages (within its active= share, one in 32 anywhere); each update reads
 * its page, every other one writes it. A run is heap/(1 + heap/4096) steps
 * of ramp and `work` rounds of heap/4K updates. The updates allocate pages
 * in small generational heaps too, collected when a generation outgrows
 * its budget, by the stub's rules. Every eighth update leaves a dead large
 * object (a page) that only a full collection frees: on the OS's
 * low-memory notice, or when the dead pages outgrow their budget (a
 * quarter of memory). So the case study's model; the stub's (struct
 * sim_model, cpu.c) writes every update's page, goes over the whole heap
 * one update in 256, leaves no dead objects and instead frees the idle top
 * of its heap on a full collection, which then grows back.
 */
#include "tools/ballast-sim/sim.h"

#define UPDATES_PER_STEP 64     /* the stub's: a step's updates, and */
#define GROW_SCALE 4096         /* its ramp: 1 + heap/4096 pages a step */
#define UPDATES_PER_GEN0_PAGE 32 /* as the stub: 2 pages per 64 updates */
#define KERNEL_SHIFT 6

/*
 * The small generational heaps, by the stub's rules (guest-stub/gens.c):
 * generation 0 is collected when it holds more than 8 pages, a quarter
 * survives into generation 1; over 32 pages generation 1 keeps half,
 * promoted into generation 2; over 64 pages generation 2 keeps half. One
 * collection counts once, under the oldest generation it collected. The
 * generations' few pages are not modelled as memory.
 */
static const uint32_t gen_budget[3] = { 8, 32, 64 };
static const uint32_t gen_keep_one_in[3] = { 4, 2, 2 };

static void sweep(struct process *p, unsigned gen)
{
	unsigned to = gen < 2 ? gen + 1 : gen;
	uint32_t keep = p->gen_size[gen] / gen_keep_one_in[gen];

	p->gen_size[gen] = 0;
	p->gen_size[to] += keep;
}

/* The process frees its page v, wherever it is. */
static void drop_page(struct sim_guest *g, uint32_t v)
{
	struct process *p = &g->proc;
	uint32_t gpa = p->page[v];

	if (gpa == VP_OUT)
		p->copies--;
	if (gpa < VP_NONE) {
		if (p->flag[v] & VF_STANDBY)
			proc_standby_unlink(p, v);
		else
			p->ws--;
		guest_put_page(g, gpa);
	}
	p->page[v] = VP_NONE;
	p->flag[v] = 0;
}

/* The stub's collection: a share of the large objects died, the idle
 * ones (the heap's top, above its active share) first. Done at a step's
 * start, as the stub's is: a notice comes in the middle of one. */
static void heap_dies(const struct host *h, struct sim_guest *g)
{
	struct process *p = &g->proc;
	uint32_t n = p->heap_used >> h->model->heap_dies_shift;

	p->dies_pending = false;
	for (uint32_t i = 0; i < n; i++)
		drop_page(g, --p->heap_used);
	if (p->hand >= p->heap_used)
		p->hand = 0;
}

/* A full collection: all generations, and every dead large object's page
 * is free again. */
void proc_full_collection(const struct host *h, struct sim_guest *g)
{
	struct process *p = &g->proc;

	for (uint32_t v = p->heap_pages; v < p->heap_pages + p->garbage; v++)
		drop_page(g, v);
	p->garbage = 0;
	p->dies_pending = h->model->heap_dies_shift != 0;
	if (p->hand >= p->heap_used)
		p->hand = 0;
	for (unsigned gen = 0; gen < 3; gen++)
		sweep(p, gen);
	g->c.collections++;
	g->c.gen[2]++;
}

/* Counted updates allocate generation 0 pages, 2 per 64 updates. */
static void small_objects(struct sim_guest *g)
{
	struct process *p = &g->proc;
	unsigned gen = 0;

	if (++p->gen_updates % (UPDATES_PER_GEN0_PAGE) != 0)
		return;
	if (++p->gen_size[0] <= gen_budget[0])
		return;
	sweep(p, 0);
	while (gen < 2 && p->gen_size[gen + 1] > gen_budget[gen + 1])
		sweep(p, ++gen);
	g->c.collections++;
	g->c.gen[gen]++;
}

/* A frame for the process, mapped by the hypervisor; a frame the
 * hypervisor cannot map now goes back. */
static enum step take_frame(struct host *h, struct sim_guest *g, uint32_t *gpa)
{
	enum step st = guest_take_page(h, g, true, gpa);

	if (st != STEP_OK)
		return st;
	st = host_touch(h, g, *gpa);
	if (st != STEP_OK)
		guest_put_page(g, *gpa);
	return st;
}

/* A fresh page of the process at v, written at once. */
static enum step new_page(struct host *h, struct sim_guest *g, uint32_t v)
{
	struct process *p = &g->proc;
	uint32_t gpa;
	enum step st = take_frame(h, g, &gpa);

	if (st != STEP_OK)
		return st;
	p->page[v] = gpa;
	p->flag[v] = VF_REF | VF_DIRTY;
	p->ws++;
	guest_cpu(g, h->model->alloc_us);
	guest_balance(h, g);
	return STEP_OK;
}

static void dead_object(struct host *h, struct sim_guest *g)
{
	struct process *p = &g->proc;
	uint32_t v;

	if (p->garbage == p->garbage_cap)
		proc_full_collection(h, g);
	/* Counted first: a collection while it is placed frees it too.
	 * Garbage that finds no page is simply not made. */
	v = p->heap_pages + p->garbage++;
	if (new_page(h, g, v) != STEP_OK)
		p->garbage--;
}

/* v was paged out: a hard fault, the page read back from the disk. */
static enum step hard_fault(struct host *h, struct sim_guest *g, uint32_t v,
			    uint8_t write)
{
	struct process *p = &g->proc;
	uint32_t gpa;
	enum step st = take_frame(h, g, &gpa);

	if (st != STEP_OK)
		return st;
	guest_cpu(g, h->model->update_us + h->model->io_us);
	guest_wait_io(h, g);
	p->page[v] = gpa;
	p->flag[v] = VF_REF | write;
	p->copies--;
	p->ws++;
	g->c.major_faults++;
	guest_balance(h, g);
	return STEP_OK;
}

/* An update reads its page; every other one writes it too. */
static enum step access(struct host *h, struct sim_guest *g, uint32_t v)
{
	uint8_t write = ++g->proc.updates % h->model->write_every == 0 ?
			VF_DIRTY : 0;

	struct process *p = &g->proc;

	if (p->page[v] == VP_OUT)
		return hard_fault(h, g, v, write);
	enum step st = host_touch(h, g, p->page[v]);
	if (st != STEP_OK)
		return st;
	if (p->flag[v] & VF_STANDBY) {
		proc_standby_unlink(p, v);
		p->ws++;
		g->c.soft_faults++;
		guest_cpu(g, h->model->soft_us);
	}
	p->flag[v] |= VF_REF | write;
	guest_cpu(g, h->model->update_us);
	return STEP_OK;
}

/* The page an update goes to: in the heap's low active= share, but one
 * update in the model's cold_one_in anywhere in it. */
static uint32_t pick_page(const struct host *h, struct sim_guest *g)
{
	struct process *p = &g->proc;
	uint64_t hot = (uint64_t)p->heap_used * g->cfg->active_bp / BP_ONE;

	if (hot == 0 || p->updates % h->model->cold_one_in == 0)
		hot = p->heap_used;
	return (uint32_t)prng_below(&g->rng, hot);
}

static enum step update_heap(struct host *h, struct sim_guest *g)
{
	uint32_t v = pick_page(h, g);
	enum step st = access(h, g, v);

	if (st != STEP_OK)
		return st;
	small_objects(g);
	unsigned every = h->model->garbage_every;

	g->work_left--;
	if (every && g->work_left % every == 0)
		dead_object(h, g);
	return STEP_OK;
}

static uint32_t grow_per_step(const struct process *p)
{
	return 1 + p->heap_pages / GROW_SCALE;
}

/* The heap grows by a step's pages; where frames run out and nothing
 * can be paged out (no paging area, as the stub's), it stays. */
static enum step grow(struct host *h, struct sim_guest *g)
{
	struct process *p = &g->proc;
	enum step st = new_page(h, g, p->heap_used);

	if (st == STEP_OK) {
		p->heap_used++;
		p->grow_due--;
	} else if (st == STEP_NOMEM && p->heap_used) {
		p->heap_pages = p->heap_used;
		return STEP_OK;
	}
	return st;
}

/* As the stub's: a fixed number of steps, each growing the heap towards
 * its size and then doing 64 updates. */
static enum step contention_step(struct host *h, struct sim_guest *g)
{
	struct process *p = &g->proc;
	enum step st;

	if (g->work_left == 0) {
		guest_finish(h, g);
		return STEP_OK;
	}
	if (p->dies_pending)
		heap_dies(h, g);
	if (p->step_begins) {
		p->step_begins = false;
		if (h->model->trim_per_step)
			guest_trim(h, g);
	}
	if (p->grow_due && p->heap_used < p->heap_pages)
		return grow(h, g);
	if (p->heap_used == 0)
		return STEP_NOMEM;
	st = update_heap(h, g);
	if (st == STEP_OK && g->work_left % UPDATES_PER_STEP == 0) {
		p->grow_due = grow_per_step(p);
		p->step_begins = true;
	}
	return st;
}

/* Writes a pattern over `touch` bytes after the kernel, then reads it. */
static enum step pattern_step(struct host *h, struct sim_guest *g)
{
	uint64_t touch_pages = (g->cfg->touch + PAGE_SIZE - 1) / PAGE_SIZE;
	uint32_t kernel = g->pages >> KERNEL_SHIFT;

	if (g->pattern_next == 2 * touch_pages) {
		guest_finish(h, g);
		return STEP_OK;
	}
	uint32_t gpa = kernel + (uint32_t)(g->pattern_next % touch_pages);
	enum step st = host_touch(h, g, gpa);
	if (st == STEP_OK) {
		g->pattern_next++;
		guest_cpu(g, h->model->alloc_us);
	}
	return st;
}

/* Touches a GPA outside its memory: the hypervisor stops only this guest. */
static enum step wild_step(struct host *h, struct sim_guest *g)
{
	g->killed = true;
	guest_finish(h, g);
	return STEP_OK;
}

enum step workload_step(struct host *h, struct sim_guest *g, uint64_t until)
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
		guest_finish(h, g);
		return STEP_OK;
	}
}

/* The stub's steps, in updates: heap/(1 + heap/4096) for the ramp, and
 * the passes' work x heap/64. */
uint64_t workload_initial(const struct scn_guest *cfg, uint32_t heap_pages)
{
	uint64_t ramp_steps = heap_pages / (1 + heap_pages / GROW_SCALE);

	if (cfg->workload != GUEST_WL_CONTENTION)
		return 0;
	return UPDATES_PER_STEP * ramp_steps + (uint64_t)cfg->work * heap_pages;
}
