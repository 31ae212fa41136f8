/* The plane in a build without lwIP (see plane.h): a scenario that asks
 * for it runs without it, and says so. */
#include "hv/net/plane.h"

#include "hv/core/console.h"

void plane_start(const struct scenario *scn)
{
	(void)scn;
	printk("ballast: net: this build has no management plane (lwIP's sources could not be fetched): the run goes on without it\n");
}

void plane_poll(void)
{
}

void plane_linger(void)
{
}
