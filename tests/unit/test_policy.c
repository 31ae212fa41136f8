/*
 * The memory policy: every state transition, hysteresis, both threshold
 * models, entitlements by shares and idle tax, reservations and limits,
 * balloon maximum and swapping, blocking, swap budget and victim choice.
 * Hosts here have 1000000 pages so that 1 % is 10000 pages.
 */
#include "hv/mm/policy.h"
#include "hv/mm/scenario.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <string.h>

#define TOTAL 1000000u
#define PCT(x) ((uint64_t)(x) * TOTAL / 100)

/* A scenario's defaults, with targets in pages rather than steps, so
 * that the numbers read as in docs/policy.md. */
static struct policy_params defaults(void)
{
	static const char text[] = "machine memory=4G\nguest g memory=1G\n";
	struct scenario s;
	struct scn_error e;

	CHECK(scn_parse(text, sizeof(text) - 1, &s, &e) == 0);
	s.policy.balloon_step = 1;
	return s.policy;
}

static struct policy make_policy(void)
{
	struct policy_params s = defaults();
	struct policy p;

	policy_init(&p, &s, TOTAL);
	return p;
}

/* A guest of `memory` pages that touched all of it, all active. */
static struct policy_guest busy_guest(uint64_t memory)
{
	return (struct policy_guest){
		.memory = memory, .granted = memory, .active = memory,
		.shares = 1000, .balloon_driver = true,
	};
}

static void test_esx_thresholds(void)
{
	struct policy p = make_policy();

	CHECK(p.th.soft == PCT(6) && p.th.hard == PCT(4));
	CHECK(p.th.low == PCT(2) && p.th.margin == PCT(1));
	CHECK(strcmp(mem_state_name(MEM_HARD), "hard") == 0);
}

/* 16 GiB: minFree = 6 % of 4 GiB + 4 % of 8 GiB + 2 % of 4 GiB = 655 MiB. */
static void test_minfree_thresholds(void)
{
	struct policy_params s = defaults();
	uint64_t pages = 16ull << (30 - PAGE_SHIFT);
	uint64_t mf = 62914 + 83886 + 20971;    /* pages, each band rounded down */

	s.model = POLICY_MODEL_MINFREE;
	struct policy_thresholds th = policy_thresholds(&s, pages);
	CHECK(th.soft == mf * 64 / 100);
	CHECK(th.hard == mf * 32 / 100);
	CHECK(th.low == mf * 16 / 100);
	/* A big host keeps a smaller share free than the fixed 6 %. */
	CHECK(th.soft < pages * 6 / 100);
	/* 64 GiB: 6 %, 4 %, 2 % bands full, 1 % of the last 36 GiB. */
	uint64_t big = 64ull << (30 - PAGE_SHIFT);
	th = policy_thresholds(&s, big);
	CHECK(th.soft == (62914 + 83886 + 83886 + 94371) * 64 / 100);
}

static void test_every_transition(void)
{
	struct policy p = make_policy();
	const struct policy_thresholds *th = &p.th;

	/* Down, one step at a time, and each entered just below its line. */
	CHECK(policy_next_state(th, MEM_HIGH, PCT(6)) == MEM_HIGH);
	CHECK(policy_next_state(th, MEM_HIGH, PCT(6) - 1) == MEM_SOFT);
	CHECK(policy_next_state(th, MEM_SOFT, PCT(4) - 1) == MEM_HARD);
	CHECK(policy_next_state(th, MEM_HARD, PCT(2) - 1) == MEM_LOW);
	/* Down several steps at once. */
	CHECK(policy_next_state(th, MEM_HIGH, PCT(1)) == MEM_LOW);
	CHECK(policy_next_state(th, MEM_HIGH, PCT(3)) == MEM_HARD);
	/* Up, one step at a time, each only past threshold + margin. */
	CHECK(policy_next_state(th, MEM_LOW, PCT(3) - 1) == MEM_LOW);
	CHECK(policy_next_state(th, MEM_LOW, PCT(3)) == MEM_HARD);
	CHECK(policy_next_state(th, MEM_HARD, PCT(5) - 1) == MEM_HARD);
	CHECK(policy_next_state(th, MEM_HARD, PCT(5)) == MEM_SOFT);
	CHECK(policy_next_state(th, MEM_SOFT, PCT(7) - 1) == MEM_SOFT);
	CHECK(policy_next_state(th, MEM_SOFT, PCT(7)) == MEM_HIGH);
	/* Up several steps at once. */
	CHECK(policy_next_state(th, MEM_LOW, PCT(50)) == MEM_HIGH);
	CHECK(policy_next_state(th, MEM_LOW, PCT(5)) == MEM_SOFT);
}

/* Free memory wobbling around a threshold, inside the margin. */
static void test_no_flapping(void)
{
	struct policy p = make_policy();
	enum mem_state s = MEM_HIGH;
	int changes = 0;

	for (int i = 0; i < 1000; i++) {
		uint64_t free_pages = i % 2 ? PCT(6) + PCT(1) / 2 :
					      PCT(6) - PCT(1) / 2;
		enum mem_state next = policy_next_state(&p.th, s, free_pages);

		changes += next != s;
		s = next;
	}
	CHECK(changes == 1);
	CHECK(s == MEM_SOFT);
}

/* Four guests of 40 % each (160 % committed) hold 24 % each: 4 % free. */
static void contended(struct policy_guest g[4], uint64_t *free_pages)
{
	for (int i = 0; i < 4; i++) {
		g[i] = busy_guest(PCT(40));
		g[i].granted = g[i].active = PCT(24);
	}
	*free_pages = PCT(4);
}

static void test_targets_cover_need(void)
{
	struct policy p = make_policy();
	struct policy_guest g[4];
	uint64_t free_pages, sum = 0;

	contended(g, &free_pages);
	CHECK(policy_tick(&p, free_pages, 0, g, 4) == MEM_SOFT);
	for (int i = 0; i < 4; i++)
		sum += g[i].balloon_target;
	/* Enough to bring free memory back to soft + margin = 7 %. */
	CHECK(sum >= PCT(7) - free_pages);
	CHECK(sum <= PCT(7) - free_pages + 4);
	/* Equal guests, equal targets. */
	CHECK(g[0].balloon_target == g[3].balloon_target);
}

static void test_reservation_and_limit(void)
{
	struct policy p = make_policy();
	struct policy_guest g[4];
	uint64_t free_pages;

	contended(g, &free_pages);
	g[0].reservation = g[0].granted;        /* may lose nothing */
	policy_tick(&p, free_pages, 0, g, 4);
	CHECK(g[0].alloc == g[0].granted && g[0].balloon_target == 0);
	/* The others make up for the reserved guest. */
	CHECK(g[1].balloon_target + g[2].balloon_target +
	      g[3].balloon_target >= PCT(7) - free_pages);
	g[1].limit = PCT(10);                   /* may keep only 10 % */
	policy_tick(&p, free_pages, 0, g, 4);
	CHECK(g[1].alloc <= PCT(10));
	CHECK(g[1].balloon_target == g[1].granted - g[1].alloc);
}

static void test_limit_in_high_state(void)
{
	struct policy p = make_policy();
	struct policy_guest g = busy_guest(PCT(20));

	g.limit = PCT(15);
	CHECK(policy_tick(&p, PCT(80), 0, &g, 1) == MEM_HIGH);
	CHECK(g.balloon_target == PCT(5));
}

static void test_idle_pays_more(void)
{
	struct policy p = make_policy();
	struct policy_guest g[4];
	uint64_t free_pages;

	contended(g, &free_pages);
	g[1].active = g[1].granted / 10;        /* 10 % active */
	policy_tick(&p, free_pages, 0, g, 4);
	CHECK(g[1].balloon_target > g[0].balloon_target);
	/* With the tax at 0 idleness costs nothing. */
	p.tax_bp = 0;
	policy_tick(&p, free_pages, 0, g, 4);
	CHECK(g[1].balloon_target == g[0].balloon_target ||
	      g[1].balloon_target == g[0].balloon_target + 1 ||
	      g[1].balloon_target + 1 == g[0].balloon_target);
}

/* docs/policy.md's worked example, with its numbers: a host of 100,000
 * pages, the hypervisor holding 3,000, two guests of 80,000 pages that
 * touched 46,000 each, A fully active, B 10 % active. */
static void worked_example(uint32_t tax_bp, uint64_t *target_a, uint64_t *target_b)
{
	struct policy_params s = defaults();
	struct policy p;
	struct policy_guest g[2];

	s.tax_bp = tax_bp;
	policy_init(&p, &s, 100000);
	for (int i = 0; i < 2; i++)
		g[i] = (struct policy_guest){
			.memory = 80000, .granted = 46000, .active = 46000,
			.shares = 1000, .balloon_driver = true,
		};
	g[1].active = 4600;
	CHECK(policy_tick(&p, 100000 - 3000 - 2 * 46000, 0, g, 2) == MEM_SOFT);
	*target_a = g[0].balloon_target;
	*target_b = g[1].balloon_target;
}

static void test_worked_example(void)
{
	uint64_t a, b;

	worked_example(7500, &a, &b);
	CHECK(a == 0 && b == 2000);
	worked_example(0, &a, &b);
	CHECK(a == 1000 && b == 1000);
}

static void test_shares_protect(void)
{
	struct policy p = make_policy();
	struct policy_guest g[4];
	uint64_t free_pages;

	contended(g, &free_pages);
	g[2].shares = 2000;
	policy_tick(&p, free_pages, 0, g, 4);
	CHECK(g[2].balloon_target < g[0].balloon_target);
	CHECK(g[2].alloc > g[0].alloc);
}

/* Once reclaimed, in high state a target only falls. */
static void test_high_state_only_relaxes(void)
{
	struct policy p = make_policy();
	struct policy_guest g[4];
	uint64_t free_pages;

	contended(g, &free_pages);
	policy_tick(&p, free_pages, 0, g, 4);
	uint64_t target = g[0].balloon_target;
	CHECK(target > 0);
	/* The balloons inflated; the host is back in high state. */
	for (int i = 0; i < 4; i++) {
		g[i].granted -= g[i].balloon_target;
		g[i].ballooned = g[i].balloon_target;
	}
	free_pages += 4 * target;
	CHECK(policy_tick(&p, free_pages, 0, g, 4) == MEM_HIGH);
	CHECK(g[0].balloon_target == target);
	/* Guests 1-3 exit: guest 0's balloon deflates. */
	for (int i = 1; i < 4; i++) {
		free_pages += g[i].granted;
		g[i] = (struct policy_guest){ .memory = g[i].memory, .shares = 1 };
	}
	policy_tick(&p, free_pages, 0, g, 4);
	CHECK(g[0].balloon_target == 0);
}

/*
 * Targets in steps: rounded up to the step, never over the balloon's
 * maximum, and a target the host holds in high state stays a whole step.
 */
static void test_targets_in_steps(void)
{
	struct policy_params pp = defaults();
	struct policy p, exact;
	struct policy_guest g[4], e[4];
	uint64_t free_pages, cap = PCT(40) / 100 * 65;

	pp.balloon_step = 256;
	policy_init(&p, &pp, TOTAL);
	exact = make_policy();
	contended(g, &free_pages);
	contended(e, &free_pages);
	policy_tick(&p, free_pages, 0, g, 4);
	policy_tick(&exact, free_pages, 0, e, 4);
	for (int i = 0; i < 4; i++) {
		CHECK(g[i].balloon_target % 256 == 0);
		CHECK(g[i].balloon_target >= e[i].balloon_target);
		CHECK(g[i].balloon_target < e[i].balloon_target + 256);
	}
	/* More to reclaim than the balloon may hold: the cap, not a step
	 * past it, and in high state the same, not rounded again. */
	struct policy_guest one = busy_guest(PCT(40));
	one.limit = PCT(1);
	CHECK(policy_tick(&p, 0, 0, &one, 1) == MEM_LOW);
	CHECK(one.balloon_target == cap && cap % 256 != 0);
	CHECK(policy_tick(&p, PCT(50), 0, &one, 1) == MEM_HIGH);
	CHECK(one.balloon_target == cap);
}

static void test_balloon_max_then_swap(void)
{
	struct policy p = make_policy();
	struct policy_guest g[2] = { busy_guest(PCT(60)), busy_guest(PCT(60)) };
	uint64_t free_pages = PCT(3);

	g[0].granted = g[1].granted = (TOTAL - free_pages) / 2;
	g[1].balloon_driver = false;
	CHECK(policy_tick(&p, free_pages, 1000000, g, 2) == MEM_HARD);
	CHECK(g[1].balloon_target == 0);
	CHECK(g[1].swap_target == g[1].granted - g[1].alloc);
	/* Guest 0's balloon has not moved yet: all of it goes to swap too. */
	CHECK(g[0].swap_target == g[0].balloon_target);
	CHECK(g[0].swap_out == g[0].swap_target);
	/* Its balloon caught up, but only to the 65 % maximum. */
	g[0].ballooned = g[0].balloon_target;
	g[0].granted -= g[0].ballooned;
	g[0].alloc = 0;
	policy_tick(&p, free_pages, 1000000, g, 2);
	CHECK(g[0].balloon_target <= PCT(60) * 65 / 100);
}

static void test_soft_state_does_not_swap(void)
{
	struct policy p = make_policy();
	struct policy_guest g = busy_guest(PCT(96));

	g.balloon_driver = false;
	CHECK(policy_tick(&p, PCT(5), 1000, &g, 1) == MEM_SOFT);
	CHECK(g.swap_target == 0 && g.swap_out == 0 && g.balloon_target == 0);
}

static void test_swap_budget_split(void)
{
	struct policy p = make_policy();
	struct policy_guest g[3];
	uint64_t free_pages = PCT(1);

	for (int i = 0; i < 3; i++) {
		g[i] = busy_guest(PCT(33));
		g[i].balloon_driver = false;
	}
	CHECK(policy_tick(&p, free_pages, 301, g, 3) == MEM_LOW);
	CHECK(g[0].swap_out + g[1].swap_out + g[2].swap_out == 301);
	CHECK(g[0].swap_out >= 100 && g[1].swap_out >= 100 && g[2].swap_out >= 100);
	/* A guest that needs little leaves the rest to the others. */
	g[0].swapped = g[0].swap_target - 10;
	g[0].granted -= g[0].swapped;
	free_pages += g[0].swapped;
	CHECK(policy_tick(&p, free_pages, 301, g, 3) >= MEM_HARD);
	CHECK(g[0].swap_out == 10);
	CHECK(g[1].swap_out + g[2].swap_out == 291);
}

static void test_low_state_blocks(void)
{
	struct policy p = make_policy();
	struct policy_guest g[2] = { busy_guest(PCT(49)), busy_guest(PCT(10)) };

	g[1].reservation = PCT(10);
	CHECK(policy_tick(&p, PCT(1), 0, g, 2) == MEM_LOW);
	CHECK(g[0].blocked);
	CHECK(!g[1].blocked || g[1].granted >= g[1].alloc);
	CHECK(policy_tick(&p, PCT(50), 0, g, 2) == MEM_HIGH);
	CHECK(!g[0].blocked && !g[1].blocked);
}

static void test_active_estimate(void)
{
	CHECK(policy_active_estimate(0, 1000, 100, 50) == 500);
	/* Rises at once, falls a quarter of the way. */
	CHECK(policy_active_estimate(100, 1000, 100, 90) == 900);
	CHECK(policy_active_estimate(900, 1000, 100, 10) == 900 - 200);
	CHECK(policy_active_estimate(900, 500, 0, 0) == 500);
}

/* 1000 guests: entitlements add up to exactly what is available. */
static void test_many_guests(void)
{
	static struct policy_guest g[1000];
	struct policy p = make_policy();
	uint64_t alloc = 0, granted = 0;

	for (int i = 0; i < 1000; i++) {
		g[i] = busy_guest(2000);
		g[i].shares = 1 + (uint32_t)i;
		g[i].active = (uint64_t)(i % 10) * 200;
		granted += g[i].granted;
	}
	policy_tick(&p, 0, 0, g, 1000);
	for (int i = 0; i < 1000; i++)
		alloc += g[i].alloc;
	CHECK(alloc == granted - PCT(7));
}

static const struct unit_test tests[] = {
	{ "esx thresholds are 6/4/2 % with a 1 % margin", test_esx_thresholds },
	{ "ESXi 5 minFree thresholds", test_minfree_thresholds },
	{ "every state transition", test_every_transition },
	{ "hysteresis: no flapping inside the margin", test_no_flapping },
	{ "balloon targets cover what must be reclaimed", test_targets_cover_need },
	{ "reservations and limits hold", test_reservation_and_limit },
	{ "limits hold in high state", test_limit_in_high_state },
	{ "an idle guest loses more than an active one", test_idle_pays_more },
	{ "docs/policy.md's worked example: B 2,000 and A 0; untaxed 1,000 each", test_worked_example },
	{ "more shares, fewer pages lost", test_shares_protect },
	{ "high state: targets only fall", test_high_state_only_relaxes },
	{ "balloon targets in steps, under the maximum", test_targets_in_steps },
	{ "no driver, lagging or full balloon: swap", test_balloon_max_then_swap },
	{ "soft state does not swap", test_soft_state_does_not_swap },
	{ "swap budget split fairly", test_swap_budget_split },
	{ "low state blocks guests over entitlement", test_low_state_blocks },
	{ "active memory estimate", test_active_estimate },
	{ "1000 guests share exactly what is available", test_many_guests },
};

int main(void)
{
	return CHECK_RUN("policy", tests);
}
