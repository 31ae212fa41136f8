/* lwIP's <string.h>: the hypervisor's own (hv/lib/string.h) and the few
 * more lwIP calls (hv/net/port.c). */
#ifndef HV_NET_STRING_H
#define HV_NET_STRING_H

#include "hv/lib/string.h"

void *memmove(void *dst, const void *src, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
