/*
 * The plane's one network interface: lwIP's netif over the e1000, with
 * the address user-mode networking (QEMU's and Bochs's slirp) expects of
 * its guest, 10.0.2.15/24 by the gateway 10.0.2.2, so that a host port
 * forwarded to port 80 reaches it without DHCP.
 */
#ifndef HV_NET_LINK_H
#define HV_NET_LINK_H

#include "hv/dev/e1000.h"

/* Finds the NIC and starts lwIP on it; the e1000's status when none. */
int link_start(void);
/* Hands lwIP the frames that came in and runs its timers. */
void link_poll(void);
const struct e1000 *link_nic(void);

#endif
