/*
 * The simulator's reclaim ops: what the loop (hv/mm/reclaim.c) asks of the
 * simulated host and guests, as memctl_ops.c answers it in the hypervisor.
 */
#include "tools/ballast-sim/sim.h"

static struct sim_guest *guest_of(void *ctx, unsigned i)
{
	return &((struct sim_machine *)ctx)->guests[i];
}

static void sim_machine(void *ctx, struct reclaim_machine *m)
{
	const struct host *h = ((struct sim_machine *)ctx)->host;

	m->free_pages = h->free_pages;
	m->hv_pages = h->hv_pages;
	m->swap_budget = host_swap_budget(h);
	m->disk_busy_pct = h->disk.busy_pct;
}

static void sim_guest(void *ctx, unsigned i, struct reclaim_guest *r)
{
	const struct sim_guest *g = guest_of(ctx, i);
	const struct host *h = ((struct sim_machine *)ctx)->host;

	*r = (struct reclaim_guest){
		.live = !g->exited,
		.running = !g->exited,
		.balloon_driver = g->cfg->balloon,
		.memory = g->pages,
		.granted = g->granted,
		.held = g->granted, /* the model has no page tables */
		.ballooned = g->nballoon,
		.swapped = g->swapped,
		.sample_first = g->first_swappable,
		.balloon_target = g->target,
		.swap_in = g->c.swap_in, .swap_out = g->c.swap_out,
		.blocked = g->blocked_tick,
		.avail = guest_avail_pages(g), .working_set = guest_ws_pages(g),
		.major_faults = g->c.major_faults,
		.lowmem_events = g->c.lowmem_events,
		.hv_pages = g->hv_fixed_pages + victims_pages(&g->victims),
		.page_writes = g->c.page_writes,
		.collections = g->c.collections,
		.io_wait = g->io_until > h->now,
		.cpu_ms = g->c.cpu_us / US_PER_MS,
		.steal_ms = g->c.steal_us / US_PER_MS,
	};
}

static int sim_test_and_clear_accessed(void *ctx, unsigned i, gfn_t gfn,
				       bool *accessed)
{
	uint8_t *e = &guest_of(ctx, i)->p2m[gfn];

	if ((*e & P2M_STATE_MASK) != P2M_MAPPED)
		return ST_NOENT;
	*accessed = *e & P2M_ACCESSED;
	*e &= (uint8_t)~P2M_ACCESSED;
	return ST_OK;
}

/* No cached translations to drop: the next touch sets the bit. */
static void sim_sampled(void *ctx, unsigned i)
{
	(void)ctx;
	(void)i;
}

static void sim_set_target(void *ctx, unsigned i, uint64_t target)
{
	struct sim_guest *g = guest_of(ctx, i);

	if (!g->exited)
		g->target = target;
}

static void sim_swap_out(void *ctx, unsigned i, uint64_t n)
{
	host_swap_out(((struct sim_machine *)ctx)->host, guest_of(ctx, i), n);
}

static void sim_emit(void *ctx, const char *text, size_t len)
{
	fwrite(text, 1, len, ((struct sim_machine *)ctx)->trace);
}

const struct reclaim_ops sim_ops = {
	.machine = sim_machine,
	.guest = sim_guest,
	.test_and_clear_accessed = sim_test_and_clear_accessed,
	.sampled = sim_sampled,
	.set_target = sim_set_target,
	.swap_out = sim_swap_out,
	.emit = sim_emit,
};
