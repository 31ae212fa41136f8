/* The plane's hooks in a build without lwIP (see net.h): a scenario that
 * asks for the plane runs without it, and says so. net_poll takes the
 * same instructions outside the clock's hidden time as plane.c's, so
 * the two builds give the same trace. */
#include "hv/net/net.h"

#include "hv/core/clock.h"
#include "hv/core/console.h"

void net_start(const struct scenario *scn)
{
	if (scn->net.on)
		printk("ballast: net: this build has no management plane (lwIP's sources could not be fetched): the run goes on without it\n");
}

void net_poll(void)
{
	clock_charge(clock_cycles(), 0);
}

void net_linger(void)
{
}
