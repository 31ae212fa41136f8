/*
 * lwIP's port to the hypervisor (NO_SYS): its clock, its random numbers,
 * its assert hook and the C library calls it makes that the rest of the
 * hypervisor does not. Its memory is its own static pools (lwipopts.h).
 */
#include "lwip/arch.h"
#include "lwip/sys.h"

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/lib/string.h"

void *memmove(void *dst, const void *src, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
unsigned hv_net_rand(void);
int atoi(const char *s);

/* The run's clock: what lwIP's timers see is emulated time, less what the
 * plane's own polling took (net.h). */
u32_t sys_now(void)
{
	return (u32_t)clock_ms();
}

/* For TCP's initial sequence numbers and ports: a fixed xorshift, so that
 * nothing of the run's own random numbers (its seed) is drawn by the
 * plane. */
unsigned hv_net_rand(void)
{
	static uint32_t x = 0x2545f491u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

_Noreturn void hv_net_assert(const char *msg, const char *file, int line)
{
	panic("lwIP: assertion \"%s\" failed at %s:%d", msg, file, line);
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

/* netif_find's interface number: digits only, as lwIP writes them. */
int atoi(const char *s)
{
	int n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}
