/*
 * What hv/net/poll.c (the core's hooks, net.h) calls, from the build's
 * pick: hv/net/plane.c (lwIP's sources were fetched) or hv/net/net_off.c.
 * Their time is hidden from the run's clock by poll.c.
 */
#ifndef HV_NET_PLANE_H
#define HV_NET_PLANE_H

#include "hv/mm/scenario.h"

void plane_start(const struct scenario *scn);
void plane_poll(void);
void plane_linger(void);

#endif
