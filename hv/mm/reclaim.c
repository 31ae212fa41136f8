/*
 * The reclaim loop (see reclaim.h). It owns the tick's order, the policy's
 * per-guest inputs and outputs, active-memory sampling and the trace row;
 * the mechanism behind the ops owns the pages.
 */
#include "hv/mm/reclaim.h"

/* Seeds the sample choice apart from every other use of the scenario's seed. */
#define SAMPLE_SEED_SALT 0xac71e5a351e5ull

void reclaim_init(struct reclaim *r, const struct scenario *scn,
		  uint64_t total_pages, bool tracks_accessed,
		  const struct reclaim_ops *ops, void *ctx)
{
	/* Field by field: zeroing the samples too would cost the emulated
	 * hypervisor half a million cycles of byte stores at boot. */
	r->ops = ops;
	r->ctx = ctx;
	r->scn = scn;
	r->n = scn->nguests;
	r->tracks_accessed = tracks_accessed;
	r->next_sample_ms = 0;
	r->free_seen = 0;
	policy_init(&r->policy, &scn->policy, total_pages);
	prng_seed(&r->rng, scn->seed ^ SAMPLE_SEED_SALT);
	for (unsigned i = 0; i < r->n; i++) {
		const struct scn_guest *sg = &scn->guests[i];

		r->pg[i] = (struct policy_guest){
			.shares = sg->shares,
			.reservation = sg->reservation >> PAGE_SHIFT,
			.limit = scn_guest_limit(sg) >> PAGE_SHIFT,
		};
		r->sample[i].n = 0;
		r->sample[i].estimate = 0;
		r->waits[i] = false;
	}
	ops->emit(ctx, TRACE_HEADER, sizeof(TRACE_HEADER) - 1);
}

/* Sampling is due every tick, or at the first tick of each period. */
static bool sample_due(struct reclaim *r, uint64_t now_ms)
{
	uint64_t period = r->scn->sample_period_ms;

	if (period == 0)
		return true;
	if (now_ms < r->next_sample_ms)
		return false;
	r->next_sample_ms = (now_ms / period + 1) * period;
	return true;
}

/* Random probes of the guest's memory, keeping the mapped ones (their
 * flags now clear): uniform over mapped pages, cheap however few are. */
static void new_sample(struct reclaim *r, unsigned i,
		       const struct reclaim_guest *g)
{
	struct reclaim_sample *s = &r->sample[i];
	unsigned want = r->scn->sample_pages;
	bool accessed;

	s->n = 0;
	if (g->sample_first >= g->memory)
		return;
	for (unsigned k = 0; k < 2 * want && s->n < want; k++) {
		gfn_t gfn = g->sample_first +
			    prng_below(&r->rng, g->memory - g->sample_first);

		if (r->ops->test_and_clear_accessed(r->ctx, i, gfn,
						    &accessed) == ST_OK)
			s->gfn[s->n++] = gfn;
	}
	if (s->n)
		r->ops->sampled(r->ctx, i);
}

/*
 * Active memory by sampling, as ESX does: how many of the last sample's
 * pages the guest touched since, then a new sample. A page reclaimed in
 * between is no sample any more; with none left, all granted pages count.
 */
static void sample_active(struct reclaim *r, unsigned i,
			  const struct reclaim_guest *g, bool due)
{
	struct reclaim_sample *s = &r->sample[i];
	unsigned valid = 0, touched = 0;
	bool accessed;

	if (!g->running || !r->tracks_accessed) {
		s->estimate = g->granted;
		return;
	}
	if (!due)
		return;
	for (unsigned j = 0; j < s->n; j++) {
		if (r->ops->test_and_clear_accessed(r->ctx, i, s->gfn[j],
						    &accessed) != ST_OK)
			continue;
		valid++;
		touched += accessed;
	}
	s->estimate = valid ? policy_active_estimate(s->estimate, g->granted,
						     valid, touched)
			    : g->granted;
	new_sample(r, i, g);
}

/* What the policy sees of a guest. An ended guest holds nothing. */
static void policy_input(struct reclaim *r, unsigned i,
			 const struct reclaim_guest *g)
{
	struct policy_guest *p = &r->pg[i];

	p->memory = g->live ? g->memory : 0;
	p->granted = g->live ? g->held : 0;
	p->ballooned = g->live ? g->ballooned : 0;
	p->swapped = g->live ? g->swapped : 0;
	p->active = g->live ? r->sample[i].estimate : 0;
	p->balloon_driver = g->running && g->balloon_driver;
	if (!g->live)
		p->balloon_target = 0;
}

static void emit_row(struct reclaim *r, unsigned i, uint64_t now_ms,
		     const struct reclaim_machine *m)
{
	const struct policy_guest *p = &r->pg[i];
	struct reclaim_guest g;
	char text[TRACE_ROW_MAX];
	size_t len;

	r->ops->guest(r->ctx, i, &g);
	len = trace_format_row(text, sizeof(text), &(struct trace_row){
		.t_ms = now_ms,
		.guest = r->scn->guests[i].name,
		.state = mem_state_name(r->policy.state),
		.free_pages = m->free_pages,
		.total_pages = r->policy.total_pages,
		.granted_pages = g.live ? g.granted : 0,
		.balloon_target_pages = g.live ? g.balloon_target : 0,
		.balloon_pages = g.live ? g.ballooned : 0,
		.swap_target_pages = p->swap_target,
		.swapped_pages = g.live ? g.swapped : 0,
		.swap_in = g.swap_in, .swap_out = g.swap_out,
		.blocked = g.running && g.blocked,
		.guest_avail_pages = g.live ? g.avail : 0,
		.guest_ws_pages = g.live ? g.working_set : 0,
		.guest_major_faults = g.major_faults,
		.guest_lowmem_events = g.lowmem_events,
		.alloc_pages = p->alloc, .active_pages = p->active,
		.hv_pages = m->hv_pages,
		.guest_hv_pages = g.live ? g.hv_pages : 0,
		.guest_page_writes = g.page_writes,
		.guest_collections = g.collections,
		.io_wait = g.running && g.io_wait,
		.cpu_ms = g.cpu_ms, .steal_ms = g.steal_ms,
		.disk_busy_pct = m->disk_busy_pct,
	});
	r->ops->emit(r->ctx, text, len);
}

/* In low state a guest at or over its entitlement waits for a new page
 * until a later tick lets it go. */
static void decide_waits(struct reclaim *r)
{
	for (unsigned i = 0; i < r->n; i++)
		r->waits[i] = r->policy.state == MEM_LOW && r->pg[i].blocked;
}

enum mem_state reclaim_tick(struct reclaim *r, uint64_t now_ms)
{
	const struct reclaim_ops *ops = r->ops;
	bool due = sample_due(r, now_ms);
	struct reclaim_guest g[SCN_MAX_GUESTS];
	struct reclaim_machine m;

	for (unsigned i = 0; i < r->n; i++) {
		ops->guest(r->ctx, i, &g[i]);
		sample_active(r, i, &g[i], due);
		policy_input(r, i, &g[i]);
	}
	ops->machine(r->ctx, &m);
	r->free_seen = m.free_pages;
	policy_tick(&r->policy, m.free_pages, m.swap_budget, r->pg, r->n);
	for (unsigned i = 0; i < r->n; i++)
		ops->set_target(r->ctx, i, r->pg[i].balloon_target);
	for (unsigned i = 0; i < r->n; i++)
		if (r->pg[i].swap_out && g[i].running)
			ops->swap_out(r->ctx, i, r->pg[i].swap_out);
	decide_waits(r);
	ops->machine(r->ctx, &m);
	for (unsigned i = 0; i < r->n; i++)
		emit_row(r, i, now_ms, &m);
	return r->policy.state;
}

bool reclaim_must_block(const struct reclaim *r, unsigned i)
{
	return r->waits[i];
}
