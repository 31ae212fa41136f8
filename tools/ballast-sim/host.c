/*
 * The simulated hypervisor's mechanism: what hv/mm does with EPT and the
 * ATA disk, reduced to counters and one state byte per guest page. Machine
 * pages are only counted (free, hypervisor, or owned by a guest page);
 * swap slots likewise. The disk serves one page at a time at the scenario's
 * bandwidth, shared by the hypervisor's swap and the guests' paging areas, one
 * queue in the order requests come (disk_io), its busy share per tick.
 * Swap victims are drawn by the hypervisor's own sets (hv/mm/victims.c),
 * over pages from the heap that count as the hypervisor's, as the
 * swapper's come from pmem (hv/core/swapper.c).
 */
#include "tools/ballast-sim/sim.h"

#include <stdio.h>
#include <stdlib.h>

#define EPT_SHIFT 9             /* page tables: 8 bytes per 4 KiB page */
#define HV_SHIFT 6              /* hypervisor code, data, heaps: 1/64 */
#define INDEX_SHIFT 10          /* the victims' back index: 4 bytes a page */

static bool swapping(const struct host *h)
{
	return h->swap_slots > 0;
}

uint64_t disk_io(struct disk *d, uint64_t at)
{
	uint64_t start = at > d->busy_until ? at : d->busy_until;

	d->busy_until = start + d->page_us;
	d->busy_us += d->page_us;
	return d->busy_until;
}

/*
 * The share of the tick that ended at `now` the disk was busy. Requests
 * come in time order and queue back to back, so all the work queued past
 * `now` is one busy stretch: busy time up to now is the total less it.
 */
void disk_tick(struct disk *d, uint64_t now, uint64_t tick_us)
{
	uint64_t ahead = d->busy_until > now ? d->busy_until - now : 0;
	uint64_t upto = d->busy_us > ahead ? d->busy_us - ahead : 0;
	uint64_t busy = upto > d->busy_seen_us ? upto - d->busy_seen_us : 0;

	if (upto > d->busy_seen_us)
		d->busy_seen_us = upto;
	d->busy_pct = tick_us ? (uint32_t)(busy * 100 / tick_us) : 0;
	if (d->busy_pct > 100)
		d->busy_pct = 100;
}

/* The guest's CPU work: its clock and its CPU time move together. */
void guest_cpu(struct sim_guest *g, uint64_t us)
{
	g->now += us;
	g->c.cpu_us += us;
}

/* When g asks for I/O: now on its clock while it runs, else (its balloon
 * driver between ticks) the CPU's. */
uint64_t guest_io_at(const struct host *h, const struct sim_guest *g)
{
	return h->running == g ? g->now : h->cpu_now;
}

/* The guest waits for one page of I/O in the disk queue. */
void guest_wait_io(struct host *h, struct sim_guest *g)
{
	uint64_t at = guest_io_at(h, g), done = disk_io(&h->disk, at);
	uint64_t from = g->now > at ? g->now : at;

	if (done > from) {
		g->c.io_us += done - from;
		g->now = g->io_until = done;
	}
}

void host_init(struct host *h, const struct scenario *scn,
	       const struct sim_model *model)
{
	uint64_t guest_pages = 0;

	for (unsigned i = 0; i < scn->nguests; i++)
		guest_pages += scn->guests[i].memory / PAGE_SIZE;
	*h = (struct host){
		.model = model,
		.total_pages = scn->machine_memory / PAGE_SIZE,
		.swap_slots = scn->swap_size / PAGE_SIZE,
		.tick_us = scn->tick_ms * US_PER_MS,
	};
	h->hv_pages = (h->total_pages >> HV_SHIFT) + (guest_pages >> EPT_SHIFT);
	if (swapping(h))
		h->hv_pages += (h->total_pages + (1u << INDEX_SHIFT) - 1) >>
			       INDEX_SHIFT;
	if (h->hv_pages > h->total_pages)
		h->hv_pages = h->total_pages;
	h->free_pages = h->total_pages - h->hv_pages;
	h->disk.page_us = PAGE_SIZE * US_PER_S / scn->swap_bandwidth;
	if (h->disk.page_us == 0)
		h->disk.page_us = 1;
	/* Victims as the hypervisor's swapper draws them (hv/core/swapper.c). */
	prng_seed(&h->rng, scn->seed);
}

static void out_of_memory(void)
{
	fprintf(stderr, "ballast-sim: out of memory\n");
	exit(1);
}

/* A victim set's page: one of the machine's, for the hypervisor. */
static void *victims_alloc(void *store)
{
	struct host *h = store;
	void *page;

	if (h->free_pages == 0)
		return NULL;
	page = malloc(PAGE_SIZE);
	if (!page)
		out_of_memory();
	h->free_pages--;
	h->hv_pages++;
	return page;
}

static void victims_free(void *store, void *page)
{
	struct host *h = store;

	free(page);
	h->free_pages++;
	h->hv_pages--;
}

static uint32_t *victims_back(void *store, const void *owner, gfn_t gfn)
{
	const struct sim_guest *g = owner;

	(void)store;
	if ((g->p2m[gfn] & P2M_STATE_MASK) != P2M_MAPPED)
		return NULL;
	return &g->back[gfn];
}

static uint64_t victims_mapped(const void *owner)
{
	return ((const struct sim_guest *)owner)->granted;
}

static const struct victims_ops host_victims_ops = {
	.alloc = victims_alloc,
	.free = victims_free,
	.back = victims_back,
	.mapped = victims_mapped,
};

/* g's pages above its image become victims as they are mapped. */
void host_track(struct host *h, struct sim_guest *g)
{
	g->hv_fixed_pages = 1 + ((uint64_t)g->pages >> EPT_SHIFT);
	victims_init(&g->victims, &host_victims_ops, h, g, g->first_swappable);
}

static void internal_error(const struct sim_guest *g, uint32_t gpa)
{
	fprintf(stderr, "ballast-sim: internal error: guest %s touched "
		"ballooned page %u\n", g->cfg->name, gpa);
	abort();
}

/*
 * The guest uses gpa. A mapped page just gets its accessed bit; otherwise
 * it needs a machine page (an EPT violation in the hypervisor), which a
 * blocked guest or an empty machine cannot have: the guest waits. A swapped
 * page is also read back from the swap disk, and the guest waits for it.
 */
enum step host_touch(struct host *h, struct sim_guest *g, uint32_t gpa)
{
	uint8_t *e = &g->p2m[gpa];
	enum p2m_state st = (enum p2m_state)(*e & P2M_STATE_MASK);

	if (st == P2M_MAPPED) {
		*e |= P2M_ACCESSED;
		return STEP_OK;
	}
	if (st == P2M_BALLOONED)
		internal_error(g, gpa);
	/* In the order of the hypervisor's EPT violation (hv/core/exit.c):
	 * the victim entry's room, then the page. */
	if (reclaim_must_block(&h->loop, g->index) ||
	    (swapping(h) && victims_reserve(&g->victims) != ST_OK) ||
	    h->free_pages == 0)
		return STEP_BLOCKED;
	h->free_pages--;
	g->granted++;
	guest_cpu(g, h->model->map_us);
	if (st == P2M_SWAPPED) {
		g->swapped--;
		h->swap_used--;
		g->c.swap_in++;
		guest_wait_io(h, g);
	}
	*e = P2M_MAPPED | P2M_ACCESSED;
	if (swapping(h) && victims_add(&g->victims, gpa) != ST_OK)
		abort(); /* the reserve made room, and the page is mapped */
	return STEP_OK;
}

/* The balloon driver pinned gpa: its machine page or swap slot is freed. */
void host_balloon_take(struct host *h, struct sim_guest *g, uint32_t gpa)
{
	uint8_t *e = &g->p2m[gpa];

	switch ((enum p2m_state)(*e & P2M_STATE_MASK)) {
	case P2M_MAPPED:
		g->granted--;
		h->free_pages++;
		break;
	case P2M_SWAPPED:
		g->swapped--;
		h->swap_used--;
		break;
	case P2M_UNTOUCHED:
		break;
	case P2M_BALLOONED:
		internal_error(g, gpa);
	}
	*e = P2M_BALLOONED;
}

/* Deflated: the guest may use gpa again; its first touch maps it. */
void host_balloon_give(struct sim_guest *g, uint32_t gpa)
{
	g->p2m[gpa] = P2M_UNTOUCHED;
}

/* The device can take a tick's worth of pages, less its backlog. */
uint64_t host_swap_budget(const struct host *h)
{
	uint64_t per_tick = h->tick_us / h->disk.page_us;
	uint64_t backlog = h->disk.busy_until > h->now ?
			   (h->disk.busy_until - h->now) / h->disk.page_us : 0;
	uint64_t room = h->swap_slots - h->swap_used;
	uint64_t budget = per_tick > backlog ? per_tick - backlog : 0;

	return budget < room ? budget : room;
}

/* Random victims, as ESX picks them: it cannot see what the guest uses.
 * Drawn as the hypervisor's swapper draws them (swapper_swap_out). */
void host_swap_out(struct host *h, struct sim_guest *g, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		gfn_t gpa;

		if (!swapping(h) || victims_take(&g->victims, &h->rng, &gpa) != ST_OK)
			return;
		g->p2m[gpa] = P2M_SWAPPED;
		g->granted--;
		g->swapped++;
		h->free_pages++;
		h->swap_used++;
		g->c.swap_out++;
		disk_io(&h->disk, h->now);
	}
}

/* The guest exited: every page it held goes back. */
void host_release(struct host *h, struct sim_guest *g)
{
	victims_destroy(&g->victims);
	h->free_pages += g->granted;
	h->swap_used -= g->swapped;
	g->granted = g->swapped = 0;
	for (uint32_t gpa = 0; gpa < g->pages; gpa++)
		g->p2m[gpa] = P2M_UNTOUCHED;
}
