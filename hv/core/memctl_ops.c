/*
 * The hypervisor's reclaim ops (see memctl_ops.h): what the loop asks of
 * machine memory, a guest's p2m and vCPU, and the swapper.
 */
#include "hv/core/memctl_ops.h"

#include <ballast/hypercall.h>

#include "hv/core/swapper.h"
#include "hv/core/trace.h"

static void mc_machine(void *ctx, struct reclaim_machine *m)
{
	struct memctl_machine *mc = ctx;

	m->free_pages = pmem_count(mc->pmem, PMEM_FREE);
	m->hv_pages = pmem_count(mc->pmem, PMEM_HYPERVISOR);
	m->swap_budget = mc->swap_budget;
	m->disk_busy_pct = mc->disk_busy_pct;
}

static uint64_t ms_of(const struct memctl_machine *mc, uint64_t cycles)
{
	return mc->cycles_per_ms ? cycles / mc->cycles_per_ms : 0;
}

static void mc_guest(void *ctx, unsigned i, struct reclaim_guest *r)
{
	const struct memctl_machine *mc = ctx;
	const struct guest *g = &mc->guests[i];
	bool running = g->state == GUEST_RUNNABLE;

	*r = (struct reclaim_guest){
		.live = guest_holds_memory(g),
		.running = running,
		.balloon_driver = g->balloon_driver,
		.memory = g->memory_bytes >> PAGE_SHIFT,
		.granted = g->p2m.mapped_pages,
		.held = p2m_held_pages(&g->p2m),
		.ballooned = g->p2m.ballooned_pages,
		.swapped = g->p2m.swapped_pages,
		.sample_first = g->first_swappable,
		.balloon_target = g->balloon_target,
		.swap_in = g->swap.ins, .swap_out = g->swap.outs,
		.blocked = g->blocked,
		.avail = g->stats.avail, .working_set = g->stats.working_set,
		.major_faults = g->stats.major_faults,
		.lowmem_events = g->stats.lowmem_events,
		.hv_pages = guest_hv_pages(g),
		.page_writes = g->stats.swap_out,
		.collections = g->stats.collections,
		.io_wait = g->time.io_wait,
		.cpu_ms = ms_of(mc, g->time.cpu_cycles),
		.steal_ms = ms_of(mc, g->time.steal_cycles),
	};
}

static int mc_test_and_clear_accessed(void *ctx, unsigned i, gfn_t gfn,
				      bool *accessed)
{
	struct guest *g = &((struct memctl_machine *)ctx)->guests[i];

	return p2m_test_and_clear_accessed(&g->p2m, gfn, accessed);
}

static void mc_sampled(void *ctx, unsigned i)
{
	vcpu_flush_mappings(&((struct memctl_machine *)ctx)->guests[i].vcpu);
}

/* Ticks from a rise of the guest's target to its balloon reaching it. */
static void note_catch_up(struct memctl_machine *mc, unsigned i)
{
	const struct guest *g = &mc->guests[i];
	uint64_t took;

	if (!mc->catching_up[i] || g->p2m.ballooned_pages < g->balloon_target)
		return;
	mc->catching_up[i] = false;
	took = mc->stats.ticks - mc->target_since[i];
	mc->stats.catch_up_sum += took;
	mc->stats.catch_ups++;
	if (took > mc->stats.catch_up_max)
		mc->stats.catch_up_max = took;
}

/* Tells a guest its new target with an interrupt, and times how long its
 * balloon takes to follow a rise. */
static void mc_set_target(void *ctx, unsigned i, uint64_t target)
{
	struct memctl_machine *mc = ctx;
	struct guest *g = &mc->guests[i];

	note_catch_up(mc, i);
	if (g->state != GUEST_RUNNABLE)
		return;
	if (target > g->balloon_target && !mc->catching_up[i]) {
		mc->target_since[i] = mc->stats.ticks;
		mc->catching_up[i] = true;
	}
	/* A kernel guest's virtio-balloon hears of it through its own
	 * interrupt line (mmio_tick), not the stub's vector. */
	if (target != g->balloon_target && g->balloon_driver && !g->linux_boot)
		vcpu_inject_interrupt(&g->vcpu, BALLAST_BALLOON_VECTOR);
	g->balloon_target = target;
}

/* Pages swapped out leave stale translations in the vCPU. */
static void mc_swap_out(void *ctx, unsigned i, uint64_t n)
{
	struct guest *g = &((struct memctl_machine *)ctx)->guests[i];

	if (swapper_swap_out(&g->swap, n))
		vcpu_flush_mappings(&g->vcpu);
}

static void mc_emit(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	trace_append(text, len);
}

const struct reclaim_ops memctl_ops = {
	.machine = mc_machine,
	.guest = mc_guest,
	.test_and_clear_accessed = mc_test_and_clear_accessed,
	.sampled = mc_sampled,
	.set_target = mc_set_target,
	.swap_out = mc_swap_out,
	.emit = mc_emit,
};
