/*
 * ESX's memory reclamation decisions (Waldspurger, "Memory Resource
 * Management in VMware ESX Server", OSDI 2002), as the case study observed
 * them. Owns: the memory states and their hysteresis, both threshold models,
 * entitlements by shares with the idle memory tax, balloon and swap targets,
 * blocking and the active-memory estimate (victim choice: victims.h). Integer arithmetic
 * only (the hypervisor has no FPU state to spare); fractions are basis points
 * (1/10000) or 1/65536.
 */
#include "hv/mm/policy.h"

#define FRAC_ONE 65536u                 /* 1.0 in 1/65536 units */
#define PAGES_PER_GIB (1ull << (30 - PAGE_SHIFT))

/* pages * bp / 10000 without overflowing for any page count. */
static uint64_t bp_of(uint64_t pages, uint32_t bp)
{
	return pages / BP_ONE * bp + pages % BP_ONE * bp / BP_ONE;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t sat_sub(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

/* ---- thresholds and states ---- */

/*
 * ESXi 5's minFree: 6 % of the first 4 GiB, 4 % of the next 8 GiB, 2 % of
 * the next 16 GiB and 1 % of the rest, so big hosts keep a smaller share
 * free than small ones.
 */
static uint64_t minfree_pages(uint64_t total)
{
	static const struct { uint64_t gib; uint32_t bp; } band[] = {
		{ 4, 600 }, { 8, 400 }, { 16, 200 }, { UINT64_MAX, 100 },
	};
	uint64_t left = total, sum = 0;

	for (unsigned i = 0; i < sizeof(band) / sizeof(band[0]) && left; i++) {
		uint64_t size = band[i].gib == UINT64_MAX ?
				left : band[i].gib * PAGES_PER_GIB;
		uint64_t part = min_u64(left, size);

		sum += bp_of(part, band[i].bp);
		left -= part;
	}
	return sum;
}

struct policy_thresholds policy_thresholds(const struct policy_params *pp,
					   uint64_t total_pages)
{
	struct policy_thresholds th = {
		.margin = bp_of(total_pages, pp->margin_bp),
	};

	if (pp->model == POLICY_MODEL_MINFREE) {
		uint64_t mf = minfree_pages(total_pages);

		th.soft = mf * 64 / 100;
		th.hard = mf * 32 / 100;
		th.low = mf * 16 / 100;
	} else {
		th.soft = bp_of(total_pages, pp->soft_bp);
		th.hard = bp_of(total_pages, pp->hard_bp);
		th.low = bp_of(total_pages, pp->low_bp);
	}
	return th;
}

void policy_init(struct policy *p, const struct policy_params *pp,
		 uint64_t total_pages)
{
	p->total_pages = total_pages;
	p->th = policy_thresholds(pp, total_pages);
	p->tax_bp = pp->tax_bp;
	p->max_balloon_bp = pp->max_balloon_bp;
	p->balloon_step = pp->balloon_step ? pp->balloon_step : 1;
	p->state = MEM_HIGH;
}

/* The state free memory alone would give, thresholds raised by `raise`. */
static enum mem_state classify(const struct policy_thresholds *th,
			       uint64_t free_pages, uint64_t raise)
{
	if (free_pages < th->low + raise)
		return MEM_LOW;
	if (free_pages < th->hard + raise)
		return MEM_HARD;
	if (free_pages < th->soft + raise)
		return MEM_SOFT;
	return MEM_HIGH;
}

/*
 * Worse states are entered at once: memory is running out. Better states
 * only once free memory clears the threshold by the margin, so a level
 * wobbling around a threshold does not flap between two states.
 */
enum mem_state policy_next_state(const struct policy_thresholds *th,
				 enum mem_state cur, uint64_t free_pages)
{
	enum mem_state now = classify(th, free_pages, 0);
	enum mem_state up = classify(th, free_pages, th->margin);

	if (now > cur)
		return now;
	return up < cur ? up : cur;
}

/* ---- entitlements: shares per page with the idle memory tax ---- */

/*
 * Waldspurger's ratio is rho = S / (P * (f + k * (1 - f))), k = 1/(1 - tax),
 * f the active fraction. Guests lose pages lowest rho first until all the
 * unclamped ones share one rho, i.e. each keeps P = mu * S / adj with
 * mu = 1/rho. Scaling adj by (1 - tax) keeps the order and removes k:
 * adj = 1 - tax * f, from 1 (all idle) down to 1 - tax (all active).
 * The weight S / adj is in 1/65536 pages per unit of mu.
 */
static uint64_t weight(const struct policy_guest *g, uint32_t tax_bp)
{
	uint64_t f = FRAC_ONE;          /* nothing mapped yet: assume active */
	uint64_t adj;

	if (g->granted)
		f = min_u64(g->active, g->granted) * FRAC_ONE / g->granted;
	adj = FRAC_ONE - f * tax_bp / BP_ONE;
	if (adj == 0)                   /* a 100 % tax on a fully active guest */
		adj = 1;
	return ((uint64_t)g->shares << 16) / adj;
}

/* Pages a guest holds or had taken from it: what it would use unreclaimed. */
static uint64_t demand(const struct policy_guest *g)
{
	return g->granted + g->ballooned + g->swapped;
}

/* Bounds of an entitlement: the reservation and the limit. */
static uint64_t alloc_max(const struct policy_guest *g)
{
	return min_u64(demand(g), g->limit ? g->limit : g->memory);
}

static uint64_t alloc_min(const struct policy_guest *g)
{
	return min_u64(alloc_max(g), g->reservation);
}

/* What a guest keeps at level mu: mu * weight, within its bounds. */
static uint64_t keep_at(const struct policy_guest *g, uint64_t mu)
{
	uint64_t hi = alloc_max(g), lo = alloc_min(g), keep;

	if (g->weight && mu > UINT64_MAX / g->weight)
		return hi;
	keep = (mu * g->weight) >> 16;
	return keep < lo ? lo : (keep > hi ? hi : keep);
}

static uint64_t sum_keep(const struct policy_guest *g, size_t n, uint64_t mu)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += keep_at(&g[i], mu);
	return sum;
}

/* The largest mu whose entitlements fit in avail (binary search). */
static uint64_t find_level(const struct policy_guest *g, size_t n,
			   uint64_t avail)
{
	uint64_t fits = 0, over = 1ull << 63;

	while (over - fits > 1) {
		uint64_t mid = fits + (over - fits) / 2;

		if (sum_keep(g, n, mid) <= avail)
			fits = mid;
		else
			over = mid;
	}
	return fits;
}

/*
 * Entitlements that add up to exactly avail: the level mu, then the pages
 * still left handed, in guest order, to guests that would gain at mu + 1.
 */
static void fill_level(struct policy_guest *g, size_t n, uint64_t avail)
{
	uint64_t mu = find_level(g, n, avail), left = avail;

	for (size_t i = 0; i < n; i++) {
		g[i].alloc = keep_at(&g[i], mu);
		left -= g[i].alloc;
	}
	for (size_t i = 0; i < n && left; i++) {
		uint64_t next = keep_at(&g[i], mu + 1);
		uint64_t extra = min_u64(left, next - g[i].alloc);

		g[i].alloc += extra;
		left -= extra;
	}
}

/*
 * The free memory reclamation aims for: enough to take the host back to
 * high state (soft + margin). Once there, balloons deflate only past one
 * more margin, or deflating would pull the host straight back into soft.
 */
static uint64_t free_goal(const struct policy *p)
{
	uint64_t goal = p->th.soft + p->th.margin;

	return p->state == MEM_HIGH ? goal + p->th.margin : goal;
}

/*
 * Guests may together keep what they hold now plus what is free, less the
 * free memory the policy aims for.
 */
static void entitle(const struct policy *p, uint64_t free_pages,
		    struct policy_guest *g, size_t n)
{
	uint64_t granted = 0, sum_max = 0, sum_min = 0, avail;

	for (size_t i = 0; i < n; i++) {
		g[i].weight = weight(&g[i], p->tax_bp);
		granted += g[i].granted;
		sum_max += alloc_max(&g[i]);
		sum_min += alloc_min(&g[i]);
	}
	avail = sat_sub(granted + free_pages, free_goal(p));
	for (size_t i = 0; i < n; i++) {
		if (sum_max <= avail)
			g[i].alloc = alloc_max(&g[i]);
		else if (sum_min >= avail)
			g[i].alloc = alloc_min(&g[i]);
	}
	if (sum_max > avail && sum_min < avail)
		fill_level(g, n, avail);
}

/* ---- balloon and swap targets ---- */

/*
 * Targets go to guests in steps of balloon_step pages, rounded up and kept
 * under the balloon's maximum: a balloon then moves a step or more per
 * change, so its driver makes one VM exit per step or more (as
 * virtio-balloon notifies the host per 256 pages) instead of chasing each
 * tick's small moves of the target with a hypercall. want <= cap.
 */
static uint64_t in_steps(const struct policy *p, uint64_t want, uint64_t cap)
{
	uint64_t step = p->balloon_step;

	return min_u64((want + step - 1) / step * step, cap);
}

/*
 * The balloon takes what the guest must give up, up to its maximum. In
 * high state nothing new is reclaimed, so a target may only fall (towards
 * 0 as guests exit), except to hold a guest to its limit.
 */
static void balloon_target(const struct policy *p, struct policy_guest *g)
{
	uint64_t reclaim = demand(g) - g->alloc;
	uint64_t over_limit = demand(g) - alloc_max(g);
	uint64_t cap = g->balloon_driver ? bp_of(g->memory, p->max_balloon_bp) : 0;
	uint64_t want = min_u64(reclaim, cap);

	if (p->state == MEM_HIGH) {
		uint64_t held = min_u64(g->balloon_target, want);
		uint64_t forced = min_u64(over_limit, cap);

		want = held > forced ? held : forced;
	}
	g->balloon_target = in_steps(p, want, cap);
}

/*
 * In hard and low states, whatever ballooning has not recovered is swapped:
 * no driver, a full balloon, or one still lagging behind its target.
 */
static void swap_target(const struct policy *p, struct policy_guest *g)
{
	uint64_t reclaim = demand(g) - g->alloc;

	g->swap_target = 0;
	if (p->state >= MEM_HARD)
		g->swap_target = sat_sub(reclaim, g->ballooned);
}

/*
 * The swap device's budget for this tick, split max-min fairly: an equal
 * share each, then what the modest ones left to the others, in guest order.
 */
static void split_swap_budget(uint64_t budget, struct policy_guest *g, size_t n)
{
	uint64_t needy = 0;

	for (size_t i = 0; i < n; i++) {
		g[i].swap_out = 0;
		needy += g[i].swap_target > g[i].swapped;
	}
	if (!needy)
		return;
	uint64_t share = budget / needy;
	for (size_t i = 0; i < n; i++) {
		g[i].swap_out = min_u64(sat_sub(g[i].swap_target, g[i].swapped),
					share);
		budget -= g[i].swap_out;
	}
	for (size_t i = 0; i < n && budget; i++) {
		uint64_t more = min_u64(budget, sat_sub(g[i].swap_target,
							g[i].swapped + g[i].swap_out));

		g[i].swap_out += more;
		budget -= more;
	}
}

enum mem_state policy_tick(struct policy *p, uint64_t free_pages,
			   uint64_t swap_budget, struct policy_guest *g,
			   size_t n)
{
	p->state = policy_next_state(&p->th, p->state, free_pages);
	entitle(p, free_pages, g, n);
	for (size_t i = 0; i < n; i++) {
		balloon_target(p, &g[i]);
		swap_target(p, &g[i]);
		/* In low state a guest at or over its entitlement waits. */
		g[i].blocked = p->state == MEM_LOW && g[i].granted >= g[i].alloc;
	}
	split_swap_budget(swap_budget, g, n);
	return p->state;
}

/* ---- estimates and choices ---- */

uint64_t policy_active_estimate(uint64_t prev, uint64_t granted,
				unsigned sampled, unsigned touched)
{
	uint64_t now;

	if (sampled == 0)
		return min_u64(prev, granted);
	now = granted / sampled * touched + granted % sampled * touched / sampled;
	if (now >= prev)
		return now;
	return min_u64(prev - (prev - now) / 4, granted);
}

const char *mem_state_name(enum mem_state s)
{
	static const char *const names[MEM_NSTATES] = {
		[MEM_HIGH] = "high", [MEM_SOFT] = "soft",
		[MEM_HARD] = "hard", [MEM_LOW] = "low",
	};

	return s < MEM_NSTATES ? names[s] : "?";
}
