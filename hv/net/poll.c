/*
 * The core's hooks for the management plane (net.h), the same in every
 * build, and what keeps a run's clock from seeing the plane.
 *
 * A poll's own work is hidden from the run's clock (clock_charge), and so
 * are the few instructions around it that the hidden time cannot cover
 * (the call, the first measurement's start, the last one's end): measured
 * once at the start, they are hidden with every poll after. Under Bochs,
 * whose TSC counts instructions, a poll then costs the run's clock
 * nothing at all, so a run's trace is the same with the plane, without
 * it, and in a build without lwIP.
 */
#include "hv/core/net.h"

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/net/plane.h"

static uint64_t outside; /* run-clock cycles of a poll the hidden time misses */
static bool asked;       /* the scenario has a net line */
static uint64_t polls, poll_cycles; /* what the run's clock did not see */

/* Not inlined: calibrate must time the very call sched.c makes. */
__attribute__((noinline)) void net_poll(void)
{
	uint64_t start = clock_cycles();

	plane_poll();
	polls++;
	poll_cycles += clock_cycles() - start + outside;
	clock_charge(start - outside, 0);
}

/* A poll's cost on the run's clock, less what timing anything costs. */
static void calibrate(void)
{
	uint64_t a, b, c, d;

	outside = 0;
	a = clock_cycles();
	net_poll();
	b = clock_cycles();
	c = clock_cycles();
	d = clock_cycles();
	outside = (b - a) - (d - c);
}

/* After the run's clock started: hidden, messages included (whose
 * formatting the console does not hide). */
void net_start(const struct scenario *scn)
{
	uint64_t begin = clock_cycles();

	calibrate();
	polls = poll_cycles = 0;
	asked = scn->net.on;
	if (asked)
		plane_start(scn);
	clock_charge(begin, 0);
}

void net_linger(void)
{
	if (asked)
		printk("ballast: net: %lu polls took %lu cycles the run's clock did not count (%lu a poll)\n",
		       polls, poll_cycles, polls ? poll_cycles / polls : 0);
	plane_linger();
}
