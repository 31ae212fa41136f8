/* Small helpers every part of the guest stub uses. */
#ifndef GUEST_STUB_LIB_H
#define GUEST_STUB_LIB_H

#include <stdint.h>

#include "hv/lib/types.h"

void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void *gfn_ptr(uint64_t gfn)
{
	return (void *)(uintptr_t)(gfn << PAGE_SHIFT);
}

#endif
