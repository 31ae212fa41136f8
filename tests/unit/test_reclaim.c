/*
 * The reclaim loop (hv/mm/reclaim.c), and the proof that the hypervisor
 * and the simulator run the same one: the same guests doing the same
 * things on both machines (reclaim_hv.c, reclaim_sim.c) give the same
 * states, balloon targets, page states, swap counts and trace, row for row.
 */
#include "tests/unit/reclaim_world.h"

#include <stdio.h>
#include <string.h>

#include "tests/unit/check.h"

#define GUESTS 3
#define PAGES 64                /* each guest's memory */
#define TICKS 78
#define RAMP 6                  /* pages a guest adds per tick */
#define LAZY_PAGES 4            /* the lazy guest keeps touching these */
#define BALLOON_RATE 8          /* pages a balloon moves per tick */

/* Three guests of 64 pages on 160: a busy one, a lazy one that touches
 * few of its pages again, and one without a balloon driver. */
static const char scenario_text[] =
	"machine memory=640K\n"
	"policy tick=100ms sample=8 balloon-step=4\n"
	"run seed=7\n"
	"swap bandwidth=1G/s\n"
	"guest busy memory=256K\n"
	"guest lazy memory=256K\n"
	"guest nodrv memory=256K balloon=off\n";

static const struct world *const worlds[] = { &hv_world, &sim_world };
#define NWORLDS (sizeof(worlds) / sizeof(worlds[0]))

static struct scenario scn;
static bool ballooned[GUESTS][PAGES];
static gfn_t stack[GUESTS][PAGES];      /* ballooned pages, in order */
static unsigned nstack[GUESTS];
static unsigned reached[GUESTS];        /* pages the ramp got to */

static void parse(void)
{
	struct scn_error err;

	CHECK(scn_parse(scenario_text, sizeof(scenario_text) - 1, &scn,
			&err) == ST_OK);
}

/* Both machines built, every guest's first page touched (its boot), and
 * the simulator's own pages set to the hypervisor's. */
static void setup(void)
{
	struct world_pages p;

	parse();
	memset(ballooned, 0, sizeof(ballooned));
	memset(nstack, 0, sizeof(nstack));
	memset(reached, 0, sizeof(reached));
	for (unsigned w = 0; w < NWORLDS; w++) {
		worlds[w]->setup(&scn);
		for (unsigned i = 0; i < GUESTS; i++)
			CHECK(worlds[w]->touch(i, 0));
	}
	hv_world.pages(&p);
	sim_world_align(&p);
}

/* The same access in both; they must agree on whether it waits. */
static bool touch(unsigned i, gfn_t gfn)
{
	bool ok = hv_world.touch(i, gfn);

	CHECK(sim_world.touch(i, gfn) == ok);
	return ok;
}

/* A guest's slice: the ramp, then its working set (all of it, or for the
 * lazy guest a few pages); it stops at the first access that waits. */
static void run_guest(unsigned i, unsigned tick)
{
	unsigned ramp = (tick + 1) * RAMP < PAGES ? (tick + 1) * RAMP : PAGES;
	unsigned again = i == 1 ? LAZY_PAGES : ramp;

	for (unsigned w = 0; w < NWORLDS; w++)
		worlds[w]->run(i);
	for (; reached[i] < ramp; reached[i]++)
		if (!ballooned[i][reached[i]] && !touch(i, reached[i]))
			return;
	for (gfn_t gfn = 0; gfn < again && gfn < reached[i]; gfn++)
		if (!ballooned[i][gfn] && !touch(i, gfn))
			return;
}

/* The highest page neither ballooned nor swapped: the driver's choice. */
static bool balloon_page(unsigned i, gfn_t *gfn)
{
	for (gfn_t g = PAGES; g-- > 1;)
		if (!ballooned[i][g] && hv_world.state(i, g) != P2M_SWAPPED) {
			*gfn = g;
			return true;
		}
	return false;
}

static void move_balloon(unsigned i)
{
	uint64_t target = hv_world.target(i);
	gfn_t gfn;

	for (unsigned k = 0; k < BALLOON_RATE; k++) {
		if (nstack[i] < target && balloon_page(i, &gfn)) {
			for (unsigned w = 0; w < NWORLDS; w++)
				worlds[w]->inflate(i, gfn);
			ballooned[i][gfn] = true;
			stack[i][nstack[i]++] = gfn;
		} else if (nstack[i] > target) {
			gfn = stack[i][--nstack[i]];
			for (unsigned w = 0; w < NWORLDS; w++)
				worlds[w]->deflate(i, gfn);
			ballooned[i][gfn] = false;
		}
	}
}

static void report(unsigned i)
{
	struct world_report r;

	sim_world_report(i, &r);
	for (unsigned w = 0; w < NWORLDS; w++)
		worlds[w]->report(i, &r);
}

static bool same_pages(void)
{
	for (unsigned i = 0; i < GUESTS; i++)
		for (gfn_t gfn = 0; gfn < PAGES; gfn++)
			if (hv_world.state(i, gfn) != sim_world.state(i, gfn))
				return false;
	return true;
}

/* The first line where the two traces differ, for the log. */
static void show_difference(const char *a, const char *b)
{
	unsigned line = 1;

	while (*a && *a == *b) {
		line += *a == '\n';
		a++, b++;
	}
	if (!*a && !*b)
		return;
	printf("#   traces differ at line %u:\n#   hv:  %.120s\n#   sim: %.120s\n",
	       line, a, b);
}

static void test_same_loop(void)
{
	bool states[MEM_NSTATES] = { false }, swapped = false, waited = false;

	setup();
	for (unsigned t = 0; t < TICKS; t++) {
		for (unsigned i = 0; i < GUESTS; i++) {
			run_guest(i, t);
			move_balloon(i);
			report(i);
		}
		enum mem_state st = hv_world.tick(t * scn.tick_ms);
		CHECK(sim_world.tick(t * scn.tick_ms) == st);
		states[st] = true;
		for (unsigned i = 0; i < GUESTS; i++) {
			CHECK(hv_world.target(i) == sim_world.target(i));
			CHECK(reclaim_must_block(hv_world.loop(), i) ==
			      reclaim_must_block(sim_world.loop(), i));
			swapped |= hv_world.loop()->pg[i].swapped > 0;
			waited |= reclaim_must_block(hv_world.loop(), i);
		}
		CHECK(same_pages());
	}
	CHECK(strcmp(hv_world.trace(), sim_world.trace()) == 0);
	show_difference(hv_world.trace(), sim_world.trace());
	/* The run went through what the loop does. */
	CHECK(states[MEM_SOFT] && states[MEM_HARD] && states[MEM_LOW]);
	CHECK(swapped && waited);
	CHECK(hv_world.target(0) > 0 && hv_world.target(2) == 0);
	for (unsigned w = 0; w < NWORLDS; w++)
		worlds[w]->teardown();
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "hypervisor and simulator run the same loop", test_same_loop },
	};

	return CHECK_RUN("reclaim", tests);
}
