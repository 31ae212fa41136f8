/*
 * Formatted printing for the freestanding hypervisor: a small vsnprintf
 * with the conversions the hypervisor uses (%d %u %x %s %c %p, the l, ll
 * and z length modifiers, a width, and '0' and '-' flags).
 */
#ifndef HV_LIB_PRINT_H
#define HV_LIB_PRINT_H

#include <stdarg.h>
#include <stddef.h>

int vformat(char *buf, size_t size, const char *fmt, va_list ap);
int format(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
