/*
 * The management plane (hv/net): an HTTP server on lwIP over the e1000
 * that shows a run while it goes (docs/design.md, "The management plane").
 * The core declares the three hooks it calls and hv/net/poll.c implements
 * them, so the plane depends on the core and not the other way round
 * (docs/design.md section 2). The build picks what they call (plane.h): hv/net/plane.c when lwIP's sources were fetched
 * (mk/net.mk), else hv/net/net_off.c, which only says the plane is not
 * built.
 *
 * The plane reads what the run already records (the trace) and changes
 * nothing in it: the emulated time its polling takes is hidden from the
 * run's clock, so a run read over the network gives the same trace as one
 * without the plane.
 */
#ifndef HV_CORE_NET_H
#define HV_CORE_NET_H

#include "hv/mm/scenario.h"

/* Starts the plane when the scenario has a net line. */
void net_start(const struct scenario *scn);
/* Between guest slices: serves what came in. */
void net_poll(void);
/* At the run's end: keeps serving for the scenario's linger time. */
void net_linger(void);

#endif
