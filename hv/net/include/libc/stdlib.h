/* lwIP's <stdlib.h>: only atoi (netif_find), in hv/net/port.c. */
#ifndef HV_NET_STDLIB_H
#define HV_NET_STDLIB_H

int atoi(const char *s);

#endif
