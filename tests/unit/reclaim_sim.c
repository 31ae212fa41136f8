/*
 * The simulator's side of the agreement test (reclaim_world.h): its host
 * and guests (tools/ballast-sim/host.c, guest.c) driven through its reclaim
 * ops (ops.c), as its main.c does, with the test playing the guests.
 */
#define _POSIX_C_SOURCE 200809L
#include "tests/unit/reclaim_world.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "tools/ballast-sim/sim.h"

static struct host host;
static struct sim_guest guests[SCN_MAX_GUESTS];
static struct sim_machine machine;
static unsigned nguests;
static char *trace_text;
static size_t trace_len;

static void sim_setup(const struct scenario *scn)
{
	host_init(&host, scn, &sim_model_case_study);
	nguests = scn->nguests;
	for (unsigned i = 0; i < nguests; i++) {
		CHECK(guest_init(&guests[i], &scn->guests[i], i, scn->seed) == 0);
		guests[i].index = i;
		guests[i].first_swappable = 1;
		host_track(&host, &guests[i]);
	}
	machine = (struct sim_machine){ &host, guests,
					open_memstream(&trace_text, &trace_len) };
	CHECK(machine.trace != NULL);
	reclaim_init(&host.loop, scn, host.total_pages, true, &sim_ops,
		     &machine);
}

void sim_world_align(const struct world_pages *p)
{
	uint64_t granted = 0;

	for (unsigned i = 0; i < nguests; i++)
		granted += guests[i].granted;
	host.total_pages = p->total;
	host.hv_pages = p->hv;
	host.free_pages = p->total - p->hv - granted;
	host.loop.policy.total_pages = p->total;
	for (unsigned i = 0; i < nguests; i++)
		guests[i].hv_fixed_pages = p->guest_fixed[i];
}

static void sim_pages(struct world_pages *p)
{
	p->total = host.total_pages;
	p->free = host.free_pages;
	p->hv = host.hv_pages;
}

static bool sim_touch(unsigned i, gfn_t gfn)
{
	if (host_touch(&host, &guests[i], (uint32_t)gfn) == STEP_OK)
		return true;
	guests[i].blocked_tick = true;
	return false;
}

/* The balloon's count is the guest's (its page list), the page's the host's. */
static void sim_inflate(unsigned i, gfn_t gfn)
{
	host_balloon_take(&host, &guests[i], (uint32_t)gfn);
	guests[i].nballoon++;
}

static void sim_deflate(unsigned i, gfn_t gfn)
{
	host_balloon_give(&guests[i], (uint32_t)gfn);
	guests[i].nballoon--;
}

static enum p2m_state sim_state(unsigned i, gfn_t gfn)
{
	return (enum p2m_state)(guests[i].p2m[gfn] & P2M_STATE_MASK);
}

static void sim_run(unsigned i)
{
	guests[i].blocked_tick = false;
}

void sim_world_report(unsigned i, struct world_report *r)
{
	const struct sim_guest *g = &guests[i];

	*r = (struct world_report){
		.avail = guest_avail_pages(g), .working_set = guest_ws_pages(g),
		.major_faults = g->c.major_faults,
		.lowmem_events = g->c.lowmem_events,
	};
}

/* The simulated guest's figures are its model's: they must be r. */
static void sim_report(unsigned i, struct world_report *r)
{
	struct world_report own;

	sim_world_report(i, &own);
	CHECK(memcmp(&own, r, sizeof(own)) == 0);
}

static enum mem_state sim_tick(uint64_t now_ms)
{
	host.now = now_ms * US_PER_MS;
	return reclaim_tick(&host.loop, now_ms);
}

static const struct reclaim *sim_loop(void)
{
	return &host.loop;
}

static uint64_t sim_target(unsigned i)
{
	return guests[i].target;
}

static const char *sim_trace(void)
{
	fflush(machine.trace);
	return trace_text;
}

static void sim_teardown(void)
{
	fclose(machine.trace);
	free(trace_text);
	for (unsigned i = 0; i < nguests; i++)
		guest_free(&guests[i]);
}

const struct world sim_world = {
	.name = "simulator", .setup = sim_setup, .pages = sim_pages,
	.touch = sim_touch, .inflate = sim_inflate, .deflate = sim_deflate,
	.state = sim_state, .run = sim_run, .report = sim_report,
	.tick = sim_tick, .loop = sim_loop, .target = sim_target,
	.trace = sim_trace, .teardown = sim_teardown,
};
