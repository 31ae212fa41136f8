/* The limits lwIP reads (arch.h), for a build without the C library's
 * headers (gcc's own limits.h needs them). */
#ifndef HV_NET_LIMITS_H
#define HV_NET_LIMITS_H

#define CHAR_BIT 8
#define INT_MAX 0x7fffffff
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX 0xffffffffu
#define LONG_MAX 0x7fffffffffffffffl

#endif
