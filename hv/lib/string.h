/*
 * The few C library string functions the freestanding hypervisor provides
 * (hv/lib/string.c). Host builds of shared code get them from the C library.
 */
#ifndef HV_LIB_STRING_H
#define HV_LIB_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
