/*
 * A simulated guest OS: its free list, its process's resident set and its
 * own paging, and its balloon driver.
 *
 * The OS keeps a share of its memory available (free pages plus the
 * standby list, as Windows counts Available Bytes). Below that share its
 * working-set manager trims the process by a clock: a trimmed page is
 * written to the guest's paging area on the shared disk and goes on the
 * standby list, still resident; touched again it comes back for nothing
 * (a soft fault); once its frame is reused it is out, and touching it
 * reads it back (a hard fault, a page read). Before trimming starts the
 * OS signals low memory, once until memory is plentiful again, and pages
 * a little out at once; the workload's runtime answers with a collection.
 * Only dirty pages are written: a page read back and not written since
 * has its copy in the paging area.
 * The balloon driver takes available pages like any allocation, at a
 * bounded rate, so inflating it makes the guest page.
 * The shares, the rates and whether trimming writes behind or waits are
 * the guest model's (struct sim_model, cpu.c): the case study's Windows
 * guest, or the guest stub.
 */
#include "tools/ballast-sim/sim.h"

#include <stdlib.h>

#define KERNEL_SHIFT 6          /* the OS itself uses 1/64 of memory */
#define TRIM_BATCH 64           /* pages the manager trims at one go */
#define BALLOON_STEP 256        /* the hypervisor's targets come in these */

static uint64_t share(const struct sim_guest *g, unsigned sixty_fourths)
{
	return (uint64_t)g->pages * sixty_fourths / 64;
}

/* ---- the page list: [free ... | balloon] ---- */

static uint32_t pop_free(struct sim_guest *g)
{
	return g->list[--g->nfree];
}

void guest_put_page(struct sim_guest *g, uint32_t gpa)
{
	g->list[g->nfree++] = gpa;
}

uint64_t guest_avail_pages(const struct sim_guest *g)
{
	return g->nfree + g->proc.standby;
}

uint64_t guest_ws_pages(const struct sim_guest *g)
{
	return g->proc.ws;
}

/* ---- the standby list: trimmed pages, oldest first ---- */

static void standby_push(struct process *p, uint32_t v)
{
	p->flag[v] |= VF_STANDBY;
	p->sb_next[v] = NIL;
	p->sb_prev[v] = p->sb_tail;
	if (p->sb_tail == NIL)
		p->sb_head = v;
	else
		p->sb_next[p->sb_tail] = v;
	p->sb_tail = v;
	p->ws--;
	p->standby++;
	p->copies++;
}

void proc_standby_unlink(struct process *p, uint32_t v)
{
	uint32_t n = p->sb_next[v], pr = p->sb_prev[v];

	if (pr == NIL)
		p->sb_head = n;
	else
		p->sb_next[pr] = n;
	if (n == NIL)
		p->sb_tail = pr;
	else
		p->sb_prev[n] = pr;
	p->flag[v] &= (uint8_t)~VF_STANDBY;
	p->standby--;
	p->copies--;
}

/* ---- the working-set manager ---- */

static bool in_set(const struct process *p, uint32_t v)
{
	return p->page[v] < VP_NONE && !(p->flag[v] & VF_STANDBY);
}

/* The clock's next unreferenced page of the working set, or NIL. */
static uint32_t clock_victim(struct process *p)
{
	uint64_t span = (uint64_t)p->heap_used + p->garbage;

	if (p->ws == 0 || span == 0)
		return NIL;
	for (uint64_t i = 0; i <= 2 * span; i++) {
		uint32_t v = p->hand;

		p->hand = (uint32_t)((p->hand + 1) % span);
		if (!in_set(p, v))
			continue;
		if (!(p->flag[v] & VF_REF))
			return v;
		p->flag[v] &= (uint8_t)~VF_REF;
	}
	return NIL;
}

/* Writes v's page to the paging area. Writing it needs its contents,
 * which the hypervisor may have swapped out (double paging). */
static enum step write_out(struct host *h, struct sim_guest *g, uint32_t v,
			   bool wait)
{
	struct process *p = &g->proc;
	enum step st;

	if (p->copies >= p->slots)
		return STEP_NOMEM;      /* no paging area, or it is full */
	st = host_touch(h, g, p->page[v]);
	if (st != STEP_OK)
		return st;
	guest_cpu(g, h->model->io_us);
	if (wait)
		guest_wait_io(h, g);
	else
		disk_io(&h->disk, guest_io_at(h, g));
	g->c.page_writes++;
	p->flag[v] &= (uint8_t)~VF_DIRTY;
	return STEP_OK;
}

/*
 * Trims one page onto the standby list, written first if it is dirty (a
 * clean one has its copy on disk). `wait`: the caller needs the frame now
 * and waits for the write.
 */
static enum step trim_one(struct host *h, struct sim_guest *g, bool wait)
{
	struct process *p = &g->proc;
	uint32_t v = clock_victim(p);

	if (v == NIL)
		return STEP_NOMEM;
	if (p->flag[v] & VF_DIRTY) {
		enum step st = write_out(h, g, v, wait);

		if (st != STEP_OK)
			return st;
	}
	standby_push(p, v);
	return STEP_OK;
}

/* The oldest standby page gives up its frame: its contents are on disk. */
static uint32_t evict_standby(struct sim_guest *g)
{
	struct process *p = &g->proc;
	uint32_t v = p->sb_head, gpa = p->page[v];

	proc_standby_unlink(p, v);
	p->copies++;            /* still holds its slot, now out */
	p->page[v] = VP_OUT;
	return gpa;
}

/* A frame for the process or the balloon: free, else standby, else one
 * trimmed now. */
enum step guest_take_page(struct host *h, struct sim_guest *g, bool wait,
			  uint32_t *gpa)
{
	if (g->nfree) {
		*gpa = pop_free(g);
		return STEP_OK;
	}
	if (g->proc.standby == 0) {
		enum step st = trim_one(h, g, wait);

		if (st != STEP_OK)
			return st;
	}
	*gpa = evict_standby(g);
	return STEP_OK;
}

/* Trimming writes behind: it stops while the disk has a tick's backlog. */
static bool disk_backlogged(const struct host *h, const struct sim_guest *g)
{
	return h->disk.busy_until > g->now + h->tick_us;
}

/* The notice: the runtime collects, and the OS empties a little of the
 * working set to the paging area at once (frames freed). */
static void notify_lowmem(struct host *h, struct sim_guest *g)
{
	uint32_t trim = h->model->notice_trim_shift ?
			g->pages >> h->model->notice_trim_shift : 0;

	g->lowmem_armed = false;
	g->c.lowmem_events++;
	proc_full_collection(h, g);
	for (uint32_t i = 0; i < trim; i++) {
		if (trim_one(h, g, false) != STEP_OK)
			break;
		guest_put_page(g, evict_standby(g));
	}
}

/* The working-set manager trims while memory available is short, a
 * batch at a time. */
void guest_trim(struct host *h, struct sim_guest *g)
{
	bool wait = h->model->trim_waits;

	for (unsigned i = 0; i < TRIM_BATCH; i++) {
		if (guest_avail_pages(g) >= share(g, h->model->trim_at) ||
		    (!wait && disk_backlogged(h, g)) ||
		    trim_one(h, g, wait) != STEP_OK)
			return;
	}
}

/* After an allocation: the low-memory notice, then trimming if short
 * (or at the workload's next step, where the OS trims once a step). */
void guest_balance(struct host *h, struct sim_guest *g)
{
	uint64_t avail = h->model->notice_on_free ? g->nfree :
			 guest_avail_pages(g);

	if (avail >= share(g, h->model->rearm_at))
		g->lowmem_armed = true;
	if (g->lowmem_armed && avail < share(g, h->model->lowmem_at))
		notify_lowmem(h, g);
	if (!h->model->trim_per_step)
		guest_trim(h, g);
}

/* ---- running ---- */

void guest_finish(struct host *h, struct sim_guest *g)
{
	g->exited = true;
	g->exit_us = g->now;
	host_release(h, g);
}

void guest_start_tick(struct sim_guest *g)
{
	g->blocked_tick = false;
}

void guest_step(struct host *h, struct sim_guest *g, uint64_t until)
{
	if (workload_step(h, g, until) != STEP_OK) {
		g->blocked_tick = true;
		if (g->now < until) {
			g->c.blocked_us += until - g->now;
			g->now = until;
		}
	}
}

/* ---- the balloon driver ---- */

static bool inflate_one(struct host *h, struct sim_guest *g, uint64_t tick_end)
{
	bool wait = h->model->trim_waits;
	uint32_t gpa;

	/* A disk queue past this tick: the balloon lags, swapping covers;
	 * unless the OS waits for its writes. */
	if (!wait && g->nfree == 0 && g->proc.standby == 0 &&
	    h->disk.busy_until > tick_end)
		return false;
	if (guest_take_page(h, g, wait, &gpa) != STEP_OK)
		return false;
	g->list[g->pages - 1 - g->nballoon++] = gpa;
	host_balloon_take(h, g, gpa);
	if (!h->model->balloon_lists)
		guest_balance(h, g);
	return true;
}

static void deflate_one(struct sim_guest *g)
{
	uint32_t gpa = g->list[g->pages - g->nballoon--];

	host_balloon_give(g, gpa);
	guest_put_page(g, gpa);
}

/* The pages the balloon may move this tick: its rate, or any number
 * where only its CPU time bounds it. */
static uint64_t balloon_rate(const struct host *h, const struct sim_guest *g)
{
	unsigned shift = h->model->balloon_shift;

	if (shift == 0)
		return UINT64_MAX;
	return ((uint64_t)g->pages >> shift) * h->tick_us / US_PER_S + 1;
}

/* A balloon bounded only by its time stops when the guest's clock, its
 * waits for the pages it wrote out included, passes the tick. */
static bool out_of_time(const struct host *h, const struct sim_guest *g,
			uint64_t tick_end)
{
	return h->model->balloon_shift == 0 && g->now >= tick_end;
}

/* The driver's CPU time: the guest's, on the one CPU. */
static void balloon_cpu(struct host *h, struct sim_guest *g, uint64_t pages)
{
	uint64_t us = pages * h->model->balloon_us;

	if (us == 0)
		return;
	if (g->now < h->cpu_now)
		g->now = h->cpu_now;
	guest_cpu(g, us);
	h->cpu_now += us;
}

/* Where the balloon goes: its target, or, in steps, the target rounded
 * up to one, staying put until it holds a step more (or the target is
 * 0), as the stub's driver (guest-stub/balloon.c). */
static uint64_t balloon_goal(const struct host *h, const struct sim_guest *g)
{
	unsigned shift = h->model->balloon_step_shift;
	uint64_t step, up;

	if (shift == 0 || g->target == 0)
		return g->target;
	step = (((uint64_t)g->pages >> shift) + BALLOON_STEP - 1) /
	       BALLOON_STEP * BALLOON_STEP;
	up = (g->target + step - 1) / step * step;
	if (g->nballoon > g->target && g->nballoon < g->target + step)
		return g->nballoon;
	return up;
}

void guest_balloon(struct host *h, struct sim_guest *g)
{
	uint64_t rate = balloon_rate(h, g), moved = 0;
	uint64_t target = balloon_goal(h, g);
	uint64_t tick_end = h->now + h->tick_us;

	if (!g->cfg->balloon || g->exited)
		return;
	for (; moved < rate && g->nballoon < target; moved++)
		if (out_of_time(h, g, tick_end) || !inflate_one(h, g, tick_end))
			break;
	for (; moved < rate && g->nballoon > target; moved++)
		deflate_one(g);
	if (h->model->balloon_lists && moved)
		guest_balance(h, g);
	balloon_cpu(h, g, moved);
}

/* ---- set-up ---- */

/* The OS boots: it writes its own pages (the first 1/64 of memory). */
void guest_boot(struct host *h, struct sim_guest *g)
{
	for (uint32_t gpa = 0; gpa < g->pages >> KERNEL_SHIFT; gpa++)
		host_touch(h, g, gpa);
}

static int proc_init(struct process *p, const struct sim_guest *g)
{
	size_t n;

	if (g->cfg->workload == GUEST_WL_CONTENTION) {
		p->heap_pages = (uint32_t)(g->cfg->heap / PAGE_SIZE);
		p->garbage_cap = g->pages / 4;
		p->grow_due = 1 + p->heap_pages / 4096;
	}
	n = (size_t)p->heap_pages + p->garbage_cap + 1;
	p->page = malloc(n * sizeof(*p->page));
	p->flag = calloc(n, 1);
	p->sb_next = malloc(n * sizeof(*p->sb_next));
	p->sb_prev = malloc(n * sizeof(*p->sb_prev));
	if (!p->page || !p->flag || !p->sb_next || !p->sb_prev)
		return -1;
	for (size_t v = 0; v < n; v++)
		p->page[v] = VP_NONE;
	p->sb_head = p->sb_tail = NIL;
	p->slots = g->cfg->paging / PAGE_SIZE;
	return 0;
}

int guest_init(struct sim_guest *g, const struct scn_guest *cfg,
	       unsigned index, uint64_t seed)
{
	uint64_t s = seed ^ (0x9e3779b97f4a7c15ull * (index + 1));
	uint32_t pages = (uint32_t)(cfg->memory / PAGE_SIZE);
	uint32_t reserved = pages >> KERNEL_SHIFT;

	*g = (struct sim_guest){ .cfg = cfg, .pages = pages,
				 .lowmem_armed = true };
	if (cfg->workload == GUEST_WL_PATTERN)
		reserved += (uint32_t)((cfg->touch + PAGE_SIZE - 1) / PAGE_SIZE);
	g->p2m = calloc(pages, 1);
	g->back = malloc((size_t)pages * sizeof(*g->back));
	g->list = malloc((size_t)pages * sizeof(*g->list));
	if (!g->p2m || !g->back || !g->list || proc_init(&g->proc, g))
		return -1;
	/* Free pages are handed out from the top: lowest GPAs first. */
	for (uint32_t gpa = pages; gpa > reserved; gpa--)
		g->list[g->nfree++] = gpa - 1;
	g->work_left = workload_initial(cfg, g->proc.heap_pages);
	prng_seed(&g->rng, splitmix64(&s));
	return 0;
}

void guest_free(struct sim_guest *g)
{
	victims_destroy(&g->victims);
	free(g->p2m);
	free(g->back);
	free(g->list);
	free(g->proc.page);
	free(g->proc.flag);
	free(g->proc.sb_next);
	free(g->proc.sb_prev);
}
