/*
 * The run loop: each runnable guest in turn gets a time slice, enforced by
 * the back end's preemption timer. Within its slice a guest is re-entered
 * after each exit the core handled; a yield, a halt or the timer ends the
 * slice early, and so does a request that waits in the disk queue
 * (disk_queue.h): a waiting guest is off the CPU until its request is
 * done; a kernel guest's HLT with interrupts on waits likewise for its
 * next interrupt (guest_irq.h). When every guest waits, the clock moves
 * to the first completion or interrupt (or the next tick). The order is fixed, so a run is
 * repeatable. Slices are measured on the run's clock (clock.h). Each
 * slice counts as CPU time for its guest and as steal time for every
 * other guest that could have run meanwhile (docs/design.md section 6).
 */
#include "hv/core/sched.h"

#include "hv/arch/x86/cpu.h"
#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/exit.h"
#include "hv/core/guest_irq.h"
#include "hv/core/memctl.h"
#include "hv/core/net.h"

/* A kernel guest's run also stops at its next timed interrupt (the
 * PIT's edge), which is raised before it goes on in the same slice. */
static uint64_t run_until(struct guest *g, uint64_t end)
{
	uint64_t event;

	if (!g->linux_boot)
		return end;
	guest_dev_before_entry(g);
	event = guest_irq_next_event(g);
	return event < end ? event : end;
}

static void run_slice(struct guest *g, struct sched_stats *st)
{
	uint64_t end = clock_cycles() + clock_ms_to_cycles(SCHED_SLICE_MS);
	struct vm_exit e;
	enum exit_action act;

	if (!st->first_entry_cycles)
		st->first_entry_cycles = rdtsc();
	for (;;) {
		uint64_t now = clock_cycles(), until;

		g->vcpu.tsc_offset = clock_tsc_offset() - g->time.steal_cycles +
				     (uint64_t)g->dev.msrs.tsc_adjust;
		until = run_until(g, end);
		vcpu_run(&g->vcpu, until > now ? until - now : 1, &e);
		act = handle_exit(g, &e);
		if (act == EXIT_ACTION_YIELD && e.kind == EXIT_TIMER &&
		    g->linux_boot && clock_cycles() < end)
			continue;
		if (act != EXIT_ACTION_RESUME || g->time.io_wait ||
		    g->time.halted || clock_cycles() >= end)
			return;
	}
}

static unsigned count_runnable(const struct guest *guests, unsigned n)
{
	unsigned runnable = 0;

	for (unsigned i = 0; i < n; i++)
		runnable += guests[i].state == GUEST_RUNNABLE;
	return runnable;
}

/* Every machine page the allocator gives guests is mapped in exactly one
 * live guest: checked after every slice, reported when a guest ends. */
static void check_accounting(const struct guest *guests, unsigned n,
			     bool report, struct sched_stats *st)
{
	uint64_t sum = 0, tables = 0;
	uint64_t held = pmem_count(guests[0].p2m.pmem, PMEM_GUEST);

	for (unsigned i = 0; i < n; i++) {
		if (guests[i].state != GUEST_RUNNABLE)
			continue;
		sum += guests[i].p2m.mapped_pages;
		tables += guests[i].p2m.s2.table_pages;
	}
	if (sum > st->peak_mapped_pages) {
		st->peak_mapped_pages = sum;
		st->peak_table_pages = tables;
	}
	if (held != sum)
		panic("accounting: allocator has %lu guest pages, guests map %lu",
		      held, sum);
	if (report)
		printk("ballast: accounting: machine guest pages %lu = sum of guests' mapped pages %lu\n",
		       held, sum);
}

/* Its disk request is done, or it made none. */
static bool disk_done(struct guest *g, uint64_t now)
{
	if (g->time.io_wait && now < g->time.io_done)
		return false;
	g->time.io_wait = false;
	return true;
}

/* A blocked guest runs again once the policy no longer holds it and a
 * page is free for the access it retries; one waiting for the disk, once
 * its request is done; one halted, at its next interrupt. */
static bool may_run(struct guest *g)
{
	if (g->state != GUEST_RUNNABLE || memctl_paused(g) ||
	    !disk_done(g, clock_cycles()) || !guest_irq_woken(g, clock_cycles()))
		return false;
	if (g->blocked && (memctl_must_block(g) ||
			   !pmem_count(g->p2m.pmem, PMEM_FREE)))
		return false;
	g->blocked = false;
	return true;
}

/* Every live guest waits for memory and a tick freed none: nothing will
 * change, so say so and stop them rather than hang. */
static void memory_exhausted(struct guest *guests, unsigned n)
{
	const struct pmem *pm = guests[0].p2m.pmem;

	printk("ballast: machine memory exhausted: every guest waits for memory and nothing can be reclaimed (free %lu, guest %lu, hypervisor %lu pages)\n",
	       pmem_count(pm, PMEM_FREE), pmem_count(pm, PMEM_GUEST),
	       pmem_count(pm, PMEM_HYPERVISOR));
	for (unsigned i = 0; i < n; i++)
		if (guests[i].state == GUEST_RUNNABLE)
			guest_stop(&guests[i], "machine memory exhausted");
}

/* Guest i held the CPU over [from, to): its CPU time, and steal time for
 * each other guest that was runnable meanwhile: not waiting for memory,
 * not held by a control, and from the end of its disk wait or its HLT on
 * (a halted guest has nothing to run; its own clock goes on). */
static void account_slice(struct guest *guests, unsigned n, unsigned i,
			  uint64_t from, uint64_t to)
{
	guests[i].time.cpu_cycles += to - from;
	for (unsigned j = 0; j < n; j++) {
		struct guest *o = &guests[j];
		uint64_t ready;

		if (j == i || o->state != GUEST_RUNNABLE || o->blocked ||
		    memctl_paused(o))
			continue;
		ready = guest_runnable_from(&o->time, from);
		if (ready < to)
			o->time.steal_cycles += to - ready;
	}
	if (guests[i].state != GUEST_RUNNABLE && !guests[i].time.end_cycles)
		guests[i].time.end_cycles = to;
}

/* One round over the guests; returns how many ran. */
static unsigned run_round(struct guest *guests, unsigned n,
			  struct sched_stats *st)
{
	unsigned ran = 0;

	for (unsigned i = 0; i < n; i++) {
		uint64_t from;

		if (!may_run(&guests[i]))
			continue;
		from = clock_cycles();
		if (!guests[i].time.started) {
			guests[i].time.started = true;
			guests[i].time.start_cycles = from;
		}
		run_slice(&guests[i], st);
		account_slice(guests, n, i, from, clock_cycles());
		st->slices++;
		ran++;
		check_accounting(guests, n, guests[i].state != GUEST_RUNNABLE,
				 st);
		memctl_poll();
		net_poll();
	}
	return ran;
}

/* True, after cutting the guests still running, once the run's time is up. */
static bool time_is_up(struct guest *guests, unsigned n, uint64_t until_ms,
		       uint64_t limit_ms)
{
	uint64_t now = clock_ms();
	bool over_limit = limit_ms && now >= limit_ms;

	if (!over_limit && !(until_ms && now >= until_ms))
		return false;
	printk("ballast: t=%lums the run's time is up (%s) with %u guests running\n",
	       now, over_limit ? "limit" : "until", count_runnable(guests, n));
	for (unsigned i = 0; i < n; i++)
		if (guests[i].state == GUEST_RUNNABLE) {
			guest_cut(&guests[i], over_limit);
			guests[i].time.end_cycles = clock_cycles();
		}
	return true;
}

/* The run's end, whichever of until_ms and limit_ms comes first; 0: none. */
static uint64_t run_end_ms(uint64_t until_ms, uint64_t limit_ms)
{
	if (!until_ms || (limit_ms && limit_ms < until_ms))
		return limit_ms;
	return until_ms;
}

/* When guest g's wait in the disk queue or in HLT ends; 0: it does not
 * wait (one whose request is done but cannot run waits for more). */
static uint64_t wait_ends(const struct guest *g, uint64_t now)
{
	const struct guest_time *t = &g->time;

	if (g->state != GUEST_RUNNABLE)
		return 0;
	if (t->io_wait && t->io_done > now)
		return t->io_done;
	if (t->halted && t->halt_until > now)
		return t->halt_until;
	return 0;
}

/* No guest could run and some wait for the disk or in HLT: the clock
 * moves to the first of their completions or timed interrupts, or the
 * next tick (a halted guest with no timer waits for a device's line), or
 * the run's end, whichever comes first, and that tick runs. False when
 * none waits. */
static bool wait_for_event(const struct guest *guests, unsigned n,
			   uint64_t end_ms)
{
	uint64_t until = clock_ms_to_cycles(memctl_next_tick_ms());
	uint64_t now = clock_cycles();
	bool waits = false;

	for (unsigned i = 0; i < n; i++) {
		uint64_t ends = wait_ends(&guests[i], now);

		if (!ends)
			continue;
		waits = true;
		if (ends < until)
			until = ends;
	}
	if (!waits)
		return false;
	if (end_ms && clock_ms_to_cycles(end_ms) < until)
		until = clock_ms_to_cycles(end_ms);
	clock_skip_to(until);
	memctl_poll();
	return true;
}

/* Every guest waits for the next tick. Time passes to it, unless the
 * run ends first: then false, and nothing is waited for past the end, so
 * a long tick cannot hold a run beyond its limit. */
static bool wait_for_tick(uint64_t end_ms)
{
	if (end_ms && end_ms < memctl_next_tick_ms()) {
		while (clock_ms() < end_ms)
			;
		return false;
	}
	return true;
}

/* Controls hold every guest back (paused, or waiting while pages are
 * squeezed): time passes to the next tick with the plane served each ms,
 * so that a resume or a release can come, and nothing is called
 * exhausted. */
static void wait_held(void)
{
	uint64_t tick_ms = memctl_next_tick_ms();

	while (clock_ms() < tick_ms) {
		uint64_t ms = clock_ms() + 1;

		net_poll();
		while (clock_ms() < ms)
			;
	}
	memctl_poll();
}

void sched_run(struct guest *guests, unsigned n, uint64_t until_ms,
	       uint64_t limit_ms, struct sched_stats *st)
{
	uint64_t end_ms = run_end_ms(until_ms, limit_ms);

	while (count_runnable(guests, n)) {
		if (time_is_up(guests, n, until_ms, limit_ms))
			break;
		if (run_round(guests, n, st) || wait_for_event(guests, n, end_ms) ||
		    !wait_for_tick(end_ms))
			continue;
		if (memctl_held()) {
			wait_held();
			continue;
		}
		if (!memctl_wait_tick() && !run_round(guests, n, st))
			memory_exhausted(guests, n);
	}
	st->end_cycles = rdtsc();
	memctl_finish();
	net_linger();
}
