/*
 * The memory controller (see memctl.h): runs the reclaim loop
 * (hv/mm/reclaim.c) on the hypervisor's clock, through the ops of
 * memctl_ops.c, and tells the console what it decided.
 */
#include "hv/core/memctl.h"

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/disk_queue.h"
#include "hv/core/memctl_control.h"
#include "hv/core/memctl_ops.h"
#include "hv/core/swapper.h"
#include "hv/core/trace.h"

static struct {
	struct reclaim loop;
	struct memctl_machine m;
	struct control_state ctl;
	uint64_t tick_ms, next_ms;
	uint64_t last_cycles, last_busy; /* the disk at the last tick */
	bool over;              /* the run's last tick is done */
} mc;

void memctl_init(const struct scenario *scn, struct pmem *pmem,
		 struct guest *guests, unsigned n)
{
	const struct policy *p = &mc.loop.policy;

	mc.m.guests = guests;
	mc.m.n = n;
	mc.m.pmem = pmem;
	mc.m.swap_budget = swapper_present()
		? scn->swap_bandwidth * scn->tick_ms / 1000 / PAGE_SIZE : 0;
	mc.m.cycles_per_ms = clock_ms_to_cycles(1);
	mc.last_cycles = clock_cycles();
	mc.last_busy = disk_queue_busy(disk(), mc.last_cycles);
	mc.tick_ms = scn->tick_ms;
	mc.next_ms = 0;
	trace_init();
	reclaim_init(&mc.loop, scn, pmem_total(pmem), virt_tracks_accessed(),
		     &memctl_ops, &mc.m);
	printk("ballast: memory policy: tick %lu ms, soft below %lu, hard below %lu, low below %lu free pages, margin %lu; swap %lu pages per tick\n",
	       mc.tick_ms, p->th.soft, p->th.hard, p->th.low, p->th.margin,
	       mc.m.swap_budget);
}

static void note_peaks(unsigned i)
{
	const struct guest *g = &mc.m.guests[i];
	struct memctl_stats *st = &mc.m.stats;

	if (g->balloon_target > st->peak_target[i])
		st->peak_target[i] = g->balloon_target;
	if (g->p2m.ballooned_pages > st->peak_ballooned[i])
		st->peak_ballooned[i] = g->p2m.ballooned_pages;
	if (guest_hv_pages(g) > st->peak_hv_pages[i])
		st->peak_hv_pages[i] = guest_hv_pages(g);
}

static void report_state(enum mem_state before, uint64_t now_ms,
			 uint64_t free_pages)
{
	const struct policy *p = &mc.loop.policy;
	uint64_t per_mille = free_pages * 1000 / p->total_pages;

	if (p->state == before)
		return;
	mc.m.stats.state_changes++;
	printk("t=%lums state %s -> %s, free %lu.%lu%%\n", now_ms,
	       mem_state_name(before), mem_state_name(p->state),
	       per_mille / 10, per_mille % 10);
}

/* Once a second of run time: the state and each guest's pages, so a
 * user watching the console sees memory move between states. */
static void print_status(uint64_t now_ms, uint64_t free_pages)
{
	const struct policy *p = &mc.loop.policy;
	uint64_t per_mille = free_pages * 1000 / p->total_pages;

	if (now_ms % 1000 >= mc.tick_ms)
		return;
	printk("t=%lums %s, free %lu.%lu%%:", now_ms, mem_state_name(p->state),
	       per_mille / 10, per_mille % 10);
	for (unsigned i = 0; i < mc.m.n; i++) {
		const struct guest *g = &mc.m.guests[i];

		if (g->state != GUEST_RUNNABLE)
			printk(" %s ended", g->name);
		else if (g->p2m.ballooned_pages || g->balloon_target)
			printk(" %s %lu+%lu/%lu", g->name, g->p2m.mapped_pages,
			       g->p2m.ballooned_pages, g->balloon_target);
		else
			printk(" %s %lu", g->name, g->p2m.mapped_pages);
	}
	printk("\n");
}

/* The disk's busy share since the last tick, for the trace. */
static void measure_disk(void)
{
	uint64_t now = clock_cycles(), busy = disk_queue_busy(disk(), now);

	mc.m.disk_busy_pct = now > mc.last_cycles
		? (unsigned)((busy - mc.last_busy) * 100 / (now - mc.last_cycles))
		: 0;
	mc.last_cycles = now;
	mc.last_busy = busy;
}

static void tick(uint64_t now_ms)
{
	enum mem_state before = mc.loop.policy.state;
	enum mem_state now;

	measure_disk();
	memctl_controls_run(&mc.ctl, &mc.loop, mc.m.pmem, now_ms);
	now = reclaim_tick(&mc.loop, now_ms);

	report_state(before, now_ms, mc.loop.free_seen);
	print_status(now_ms, mc.loop.free_seen);
	for (unsigned i = 0; i < mc.m.n; i++)
		note_peaks(i);
	mc.m.stats.ticks++;
	mc.m.stats.state_ticks[now]++;
}

void memctl_poll(void)
{
	uint64_t now = clock_ms();

	while (mc.next_ms <= now) {
		tick(mc.next_ms);
		mc.next_ms += mc.tick_ms;
	}
}

uint64_t memctl_wait_tick(void)
{
	uint64_t before = pmem_count(mc.m.pmem, PMEM_FREE), after;

	while (clock_ms() < mc.next_ms)
		;
	memctl_poll();
	after = pmem_count(mc.m.pmem, PMEM_FREE);
	return after > before ? after - before : 0;
}

uint64_t memctl_next_tick_ms(void)
{
	return mc.next_ms;
}

bool memctl_must_block(const struct guest *g)
{
	return reclaim_must_block(&mc.loop, g->id - 1);
}

void memctl_finish(void)
{
	uint64_t bytes;

	tick(clock_ms());
	mc.over = true;
	bytes = trace_flush();
	printk("ballast: trace: %lu ticks, %lu bytes on COM2, %lu stalls for a full buffer\n",
	       mc.m.stats.ticks, bytes, trace_stalls());
}

int memctl_control(const struct control *c, const char **reason)
{
	if (mc.over) {
		*reason = "the run is over: no tick is left to apply a control";
		return ST_EXIST;
	}
	switch (control_check(&mc.ctl, &mc.loop, c,
			      pmem_count(mc.m.pmem, PMEM_FREE), reason)) {
	case CONTROL_OK:
		break;
	case CONTROL_CONFLICT:
		return ST_EXIST;
	default:
		return ST_RANGE;
	}
	if (control_push(&mc.ctl, c) != ST_OK) {
		*reason = "too many controls wait for the next tick";
		return ST_FULL;
	}
	return ST_OK;
}

bool memctl_paused(const struct guest *g)
{
	return mc.ctl.paused[g->id - 1];
}

bool memctl_held(void)
{
	return control_holds(&mc.ctl);
}

const struct memctl_stats *memctl_stats(void)
{
	return &mc.m.stats;
}

enum mem_state memctl_state(void)
{
	return mc.loop.policy.state;
}
