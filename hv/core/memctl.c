/*
 * The memory controller (see memctl.h): the bridge between the policy,
 * which only decides, and the guests and the trace.
 */
#include "hv/core/memctl.h"

#include <ballast/hypercall.h>

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/swapper.h"
#include "hv/core/trace.h"

/* Pages sampled per guest and tick for the active-memory estimate (ESX
 * samples 100 pages a minute; ticks are much shorter here). */
#define ACTIVE_SAMPLE_PAGES 64

struct active_sample {
	gfn_t gfn[ACTIVE_SAMPLE_PAGES];
	unsigned n;
	uint64_t estimate;      /* active pages, policy_active_estimate's */
};

static struct {
	struct policy policy;
	struct policy_guest pg[SCN_MAX_GUESTS];
	struct guest *guests;
	unsigned n;
	struct pmem *pmem;
	uint64_t tick_ms, next_ms;
	uint64_t swap_budget;   /* pages the swap disk may write per tick */
	uint64_t target_since[SCN_MAX_GUESTS]; /* tick the target last rose */
	bool catching_up[SCN_MAX_GUESTS];
	struct active_sample sample[SCN_MAX_GUESTS];
	struct prng rng;        /* sample choice, apart from the swapper's */
	struct memctl_stats stats;
} mc;

void memctl_init(const struct scenario *scn, struct pmem *pmem,
		 struct guest *guests, unsigned n)
{
	mc.guests = guests;
	mc.n = n;
	mc.pmem = pmem;
	mc.tick_ms = scn->tick_ms;
	mc.next_ms = 0;
	policy_init(&mc.policy, scn, pmem_total(pmem));
	prng_seed(&mc.rng, scn->seed ^ 0xac71e5a351e5ull);
	mc.swap_budget = swapper_present()
		? scn->swap_bandwidth * scn->tick_ms / 1000 / PAGE_SIZE : 0;
	for (unsigned i = 0; i < n; i++) {
		const struct scn_guest *sg = &scn->guests[i];

		mc.pg[i].shares = sg->shares;
		mc.pg[i].reservation = sg->reservation >> PAGE_SHIFT;
		mc.pg[i].limit = scn_guest_limit(sg) >> PAGE_SHIFT;
	}
	trace_header();
	printk("ballast: memory policy: tick %lu ms, soft below %lu, hard below %lu, low below %lu free pages, margin %lu; swap %lu pages per tick\n",
	       mc.tick_ms, mc.policy.th.soft, mc.policy.th.hard,
	       mc.policy.th.low, mc.policy.th.margin, mc.swap_budget);
}

/*
 * Active memory by sampling, as ESX does: how many of last tick's random
 * pages the guest touched since (their EPT accessed flags), then a new
 * sample with its flags cleared and the guest's cached translations
 * dropped, so that its next access to one sets the flag again. Without
 * accessed flags every mapped page counts as active.
 */
static void sample_active(unsigned i)
{
	struct guest *g = &mc.guests[i];
	struct active_sample *s = &mc.sample[i];
	unsigned valid = 0, touched = 0;
	bool accessed;

	if (g->state != GUEST_RUNNABLE || !virt_tracks_accessed()) {
		s->estimate = g->p2m.mapped_pages;
		return;
	}
	for (unsigned j = 0; j < s->n; j++) {
		if (p2m_test_and_clear_accessed(&g->p2m, s->gfn[j], &accessed))
			continue; /* reclaimed since: not a sample any more */
		valid++;
		touched += accessed;
	}
	s->estimate = valid ? policy_active_estimate(s->estimate,
						     g->p2m.mapped_pages,
						     valid, touched)
			    : g->p2m.mapped_pages;
	/* Random probes of the guest's own memory, keeping the mapped ones:
	 * uniform over mapped pages, and cheap however few are mapped. */
	s->n = 0;
	for (unsigned k = 0; k < 2 * ACTIVE_SAMPLE_PAGES && s->n < ACTIVE_SAMPLE_PAGES; k++) {
		gfn_t gfn = g->first_swappable +
			    prng_below(&mc.rng, g->p2m.nr_gfns - g->first_swappable);

		if (p2m_test_and_clear_accessed(&g->p2m, gfn, &accessed) == ST_OK)
			s->gfn[s->n++] = gfn;
	}
	if (s->n)
		vcpu_flush_mappings(&g->vcpu);
}

/* What the policy sees of a guest. An ended guest holds nothing. */
static void gather(unsigned i)
{
	const struct guest *g = &mc.guests[i];
	struct policy_guest *p = &mc.pg[i];
	bool live = guest_holds_memory(g);

	p->memory = live ? g->memory_bytes >> PAGE_SHIFT : 0;
	p->granted = live ? g->p2m.mapped_pages : 0;
	p->ballooned = live ? g->p2m.ballooned_pages : 0;
	p->swapped = live ? g->p2m.swapped_pages : 0;
	p->active = live ? mc.sample[i].estimate : 0;
	p->balloon_driver = g->state == GUEST_RUNNABLE && g->balloon_driver;
	if (!live)
		p->balloon_target = 0;
}

/* Tells a guest its new target, and times how long its balloon takes to
 * follow a rise. */
/*
 * Guests get targets in steps of BALLOON_GRANULE pages, rounded up and kept
 * under the balloon's maximum: a balloon then moves a granule or more per
 * change, so its driver makes one VM exit per 256 pages or more (as
 * virtio-balloon notifies the host per 256 pages) instead of chasing each
 * tick's small moves of the policy's target with a hypercall.
 */
#define BALLOON_GRANULE 256

static uint64_t granular(const struct guest *g, uint64_t target)
{
	uint64_t cap = (g->memory_bytes >> PAGE_SHIFT) *
		       mc.policy.max_balloon_bp / SCN_BP_ONE;
	uint64_t up = (target + BALLOON_GRANULE - 1) / BALLOON_GRANULE *
		      BALLOON_GRANULE;

	if (up <= cap)
		return up;
	return target > cap ? target : cap;
}

static void hand_out(unsigned i)
{
	struct guest *g = &mc.guests[i];
	uint64_t target = granular(g, mc.pg[i].balloon_target);

	if (g->state != GUEST_RUNNABLE)
		return;
	if (target > g->balloon_target && !mc.catching_up[i]) {
		mc.target_since[i] = mc.stats.ticks;
		mc.catching_up[i] = true;
	}
	if (target != g->balloon_target && g->balloon_driver)
		vcpu_inject_interrupt(&g->vcpu, BALLAST_BALLOON_VECTOR);
	g->balloon_target = target;
}

static void note_catch_up(unsigned i)
{
	const struct guest *g = &mc.guests[i];
	uint64_t took;

	if (!mc.catching_up[i] || g->p2m.ballooned_pages < g->balloon_target)
		return;
	mc.catching_up[i] = false;
	took = mc.stats.ticks - mc.target_since[i];
	mc.stats.catch_up_sum += took;
	mc.stats.catch_ups++;
	if (took > mc.stats.catch_up_max)
		mc.stats.catch_up_max = took;
}

static void note_peaks(unsigned i)
{
	const struct guest *g = &mc.guests[i];

	if (g->balloon_target > mc.stats.peak_target[i])
		mc.stats.peak_target[i] = g->balloon_target;
	if (g->p2m.ballooned_pages > mc.stats.peak_ballooned[i])
		mc.stats.peak_ballooned[i] = g->p2m.ballooned_pages;
}

static void report_state(enum mem_state before, uint64_t now_ms,
			 uint64_t free_pages)
{
	uint64_t per_mille = free_pages * 1000 / mc.policy.total_pages;

	if (mc.policy.state == before)
		return;
	mc.stats.state_changes++;
	printk("t=%lums state %s -> %s, free %lu.%lu%%\n", now_ms,
	       mem_state_name(before), mem_state_name(mc.policy.state),
	       per_mille / 10, per_mille % 10);
}

/* Once a second of run time: the state and each guest's pages, so a
 * user watching the console sees memory move between states. */
static void print_status(uint64_t now_ms, uint64_t free_pages)
{
	uint64_t per_mille = free_pages * 1000 / mc.policy.total_pages;

	if (now_ms % 1000 >= mc.tick_ms)
		return;
	printk("t=%lums %s, free %lu.%lu%%:", now_ms,
	       mem_state_name(mc.policy.state), per_mille / 10, per_mille % 10);
	for (unsigned i = 0; i < mc.n; i++) {
		const struct guest *g = &mc.guests[i];

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

static void tick(uint64_t now_ms)
{
	enum mem_state before = mc.policy.state;
	uint64_t free_pages = pmem_count(mc.pmem, PMEM_FREE);

	for (unsigned i = 0; i < mc.n; i++) {
		sample_active(i);
		gather(i);
	}
	policy_tick(&mc.policy, free_pages, mc.swap_budget, mc.pg, mc.n);
	report_state(before, now_ms, free_pages);
	for (unsigned i = 0; i < mc.n; i++)
		if (mc.pg[i].swap_out && mc.guests[i].state == GUEST_RUNNABLE)
			swapper_swap_out(&mc.guests[i], mc.pg[i].swap_out);
	print_status(now_ms, free_pages);
	for (unsigned i = 0; i < mc.n; i++) {
		note_catch_up(i);
		hand_out(i);
		note_peaks(i);
	}
	mc.stats.ticks++;
	mc.stats.state_ticks[mc.policy.state]++;
	trace_rows(now_ms, mc.policy.state, mc.pmem, mc.guests, mc.pg, mc.n);
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
	uint64_t before = pmem_count(mc.pmem, PMEM_FREE), after;

	while (clock_ms() < mc.next_ms)
		;
	memctl_poll();
	after = pmem_count(mc.pmem, PMEM_FREE);
	return after > before ? after - before : 0;
}

uint64_t memctl_next_tick_ms(void)
{
	return mc.next_ms;
}

bool memctl_must_block(const struct guest *g)
{
	return mc.policy.state == MEM_LOW && mc.pg[g->id - 1].blocked;
}

void memctl_finish(void)
{
	uint64_t bytes;

	tick(clock_ms());
	bytes = trace_flush();
	printk("ballast: trace: %lu ticks, %lu bytes on COM2, %lu stalls for a full buffer\n",
	       mc.stats.ticks, bytes, trace_stalls());
}

const struct memctl_stats *memctl_stats(void)
{
	return &mc.stats;
}

enum mem_state memctl_state(void)
{
	return mc.policy.state;
}
