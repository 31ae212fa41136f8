/* The end-of-run summary (see summary.h). */
#include "hv/core/summary.h"

#include "hv/arch/x86/power.h"
#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/disk_queue.h"
#include "hv/core/memctl.h"
#include "hv/core/swapper.h"

static void print_exits(const struct guest *g)
{
	printk("  exits:");
	for (unsigned k = 0; k < EXIT_KINDS; k++)
		if (g->exits[k])
			printk(" %s %lu", virt_exit_name(k), g->exits[k]);
	printk("\n");
}

static void print_balloon(const struct guest *g)
{
	const struct memctl_stats *ms = memctl_stats();
	uint64_t pages = g->pages_inflated + g->pages_deflated;

	printk("  balloon: peak target %lu, peak balloon %lu pages; inflated %lu, deflated %lu in %lu calls, %lu cycles; lowmem events %lu\n",
	       ms->peak_target[g->id - 1], ms->peak_ballooned[g->id - 1],
	       g->pages_inflated, g->pages_deflated, g->balloon_calls,
	       g->balloon_cycles, g->stats.lowmem_events);
	if (pages)
		printk("  balloon cost: %lu pages per exit, %lu hypervisor cycles per page\n",
		       pages / g->balloon_calls, g->balloon_cycles / pages);
}

static uint64_t ms_of(uint64_t cycles)
{
	uint64_t per_ms = clock_ms_to_cycles(1);

	return per_ms ? cycles / per_ms : 0;
}

/* Fair run time on one CPU (docs/design.md section 6): what it took,
 * less the time it could have run while another guest held the CPU. */
static void print_time(const struct guest *g, uint64_t run_end)
{
	const struct guest_time *t = &g->time;
	uint64_t end = t->end_cycles ? t->end_cycles : run_end;
	uint64_t run = t->started && end > t->start_cycles
		? ms_of(end - t->start_cycles) : 0;
	uint64_t steal = ms_of(t->steal_cycles);

	printk("  run time %lu ms, steal %lu ms, run time less steal %lu ms\n",
	       run, steal, run > steal ? run - steal : 0);
	printk("  cpu %lu ms; waited for the disk %lu ms over %lu requests\n",
	       ms_of(t->cpu_cycles), ms_of(t->io_cycles), t->io_requests);
	if (g->paging.sectors)
		printk("  paging area: %lu sectors at sector %lu; read %lu, written %lu pages; errors %lu; collections %lu\n",
		       g->paging.sectors, g->paging.lba, g->paging.reads,
		       g->paging.writes, g->paging.errors, g->stats.collections);
}

static void print_memory_states(void)
{
	const struct memctl_stats *ms = memctl_stats();

	printk("memory states: %lu ticks: high %lu, soft %lu, hard %lu, low %lu; %lu changes\n",
	       ms->ticks, ms->state_ticks[MEM_HIGH], ms->state_ticks[MEM_SOFT],
	       ms->state_ticks[MEM_HARD], ms->state_ticks[MEM_LOW],
	       ms->state_changes);
	if (ms->catch_ups)
		printk("balloon catch-up: %lu rises, mean %lu ticks, max %lu ticks\n",
		       ms->catch_ups, ms->catch_up_sum / ms->catch_ups,
		       ms->catch_up_max);
}

static void print_guest_summary(const struct guest *g, uint64_t run_end)
{
	char code[24];

	if (g->state == GUEST_EXITED)
		printk("guest %u %s: exited: %s\n", g->id, g->name,
		       guest_exit_text(g->exit_code, code, sizeof(code)));
	else
		printk("guest %u %s: %s\n", g->id, g->name, g->stop_reason);
	if (g->state == GUEST_CUT)
		printk("  pages held at the end: mapped %lu, ballooned %lu, swapped %lu\n",
		       g->p2m.mapped_pages, g->p2m.ballooned_pages,
		       g->p2m.swapped_pages);
	printk("  pages: loaded %lu, demand-mapped %lu; hypercall errors %lu\n",
	       g->p2m.loaded_pages, g->p2m.demand_pages, g->hypercall_errors);
	printk("  %s tables: peak %lu pages, limit %lu for its balloon\n",
	       g->p2m.s2.ops->name, g->p2m.s2.table_peak, g->p2m.s2.table_limit);
	printk("  hypervisor memory for it: peak %lu pages at a tick (VMCS, %s tables, victim set), bound %lu\n",
	       memctl_stats()->peak_hv_pages[g->id - 1], g->p2m.s2.ops->name,
	       guest_hv_bound(g->memory_bytes >> PAGE_SHIFT));
	if (g->hypercall_swap_ins || g->hypercall_waits)
		printk("  hypercall buffers: %lu pages read back from swap first; %lu calls waited for one and were made again\n",
		       g->hypercall_swap_ins, g->hypercall_waits);
	print_exits(g);
	print_time(g, run_end);
	if (g->vcpu.irqs_injected || g->vcpu.events_reinjected)
		printk("  events: interrupts injected %lu; deliveries an exit interrupted, injected again %lu\n",
		       g->vcpu.irqs_injected, g->vcpu.events_reinjected);
	if (g->balloon_driver)
		print_balloon(g);
	if (g->swap.outs || g->swap.ins || g->blocked_events || g->swap.errors)
		printk("  swap: out %lu, in %lu, errors %lu; blocked %lu times\n",
		       g->swap.outs, g->swap.ins, g->swap.errors,
		       g->blocked_events);
}

/* Swapping's cost and speed. Pages per emulated second against what the
 * scenario says the disk can do. */
static void print_swap(const struct run_facts *r)
{
	const struct swapper_stats *ss = swapper_stats();
	uint64_t ms = clock_ms() ? clock_ms() : 1;

	if (!swapper_present())
		return;
	printk("swap: out %lu, in %lu, write errors %lu, read errors %lu%s\n",
	       ss->outs, ss->ins, ss->write_errors, ss->read_errors,
	       ss->full ? ", the area filled up" : "");
	if (ss->outs)
		printk("swap cost: %lu hypervisor cycles per page out, %lu per page in\n",
		       ss->out_cycles / ss->outs,
		       ss->ins ? ss->in_cycles / ss->ins : 0);
	printk("swap throughput: %lu pages per emulated second over the run; the scenario's disk: %lu\n",
	       (ss->outs + ss->ins) * 1000 / ms,
	       r->scenario->swap_bandwidth >> PAGE_SHIFT);
}

/* The one disk queue: what it served, how busy, how long requests
 * waited behind others. */
static void print_disk(const struct run_facts *r)
{
	const struct disk_queue *q = disk();
	uint64_t now = clock_cycles();
	uint64_t permille = now ? disk_queue_busy(q, now) * 1000 / now : 0;

	if (!q->requests)
		return;
	printk("disk: %lu requests, %lu pages, busy %lu.%lu%% of the run; %lu cycles per 4 KiB page at %lu bytes/s; waits behind others: mean %lu, max %lu cycles\n",
	       q->requests, q->pages, permille / 10, permille % 10,
	       q->cycles_per_page, r->scenario->swap_bandwidth,
	       q->wait_cycles / q->requests, q->max_wait_cycles);
}

/* What the hypervisor spends on metadata: one owner byte per managed
 * page, and the EPT tables per mapped guest page, measured when most guest
 * pages were mapped. Hundredths, in integers: no floating point here. */
static uint64_t centi_ratio(uint64_t bytes, uint64_t pages)
{
	return pages ? bytes * 100 / pages : 0;
}

static void print_metadata_cost(const struct run_facts *r)
{
	uint64_t owner = centi_ratio(r->pmem->span_pages, pmem_total(r->pmem));
	uint64_t ept = centi_ratio(r->sched->peak_table_pages << PAGE_SHIFT,
				   r->sched->peak_mapped_pages);

	printk("metadata: owner array %lu.%02lu bytes per managed page (%lu bytes); EPT %lu.%02lu bytes per mapped page (%lu table pages for %lu pages at the peak)\n",
	       owner / 100, owner % 100, r->pmem->span_pages, ept / 100,
	       ept % 100, r->sched->peak_table_pages,
	       r->sched->peak_mapped_pages);
}

int summary_print(const struct run_facts *r)
{
	const struct pmem *pm = r->pmem;
	int status = RUN_STATUS_OK;

	printk("--- summary ---\n");
	for (unsigned i = 0; i < r->scenario->nguests; i++) {
		print_guest_summary(&r->guests[i], clock_cycles());
		if (guest_failed(&r->guests[i]))
			status = RUN_STATUS_GUEST_FAILED;
	}
	printk("machine: %lu pages, free %lu, hypervisor %lu, guest %lu, in flight %lu\n",
	       pmem_total(pm), pmem_count(pm, PMEM_FREE),
	       pmem_count(pm, PMEM_HYPERVISOR), pmem_count(pm, PMEM_GUEST),
	       pmem_count(pm, PMEM_INFLIGHT));
	print_memory_states();
	print_swap(r);
	print_disk(r);
	print_metadata_cost(r);
	/* The entry and the first guest instruction depend on the boot path
	 * (firmware, loader, and the console lines before the guests start,
	 * which name the scenario's file); the guests' run counts from its
	 * own start, so it is the same wherever the run was booted from. */
	printk("cycles: hypervisor entered at %lu, first guest instruction at %lu; guests ran %lu, slices %lu\n",
	       r->entry_cycles, r->sched->first_entry_cycles,
	       r->sched->end_cycles - r->sched->first_entry_cycles, r->sched->slices);
	printk("--- end of summary ---\n");
	if (pmem_check(pm) != ST_OK)
		panic("the page allocator's counts do not add up");
	return status;
}

