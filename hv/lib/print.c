/* vformat: the hypervisor's vsnprintf. Output is always NUL-terminated. */
#include "hv/lib/print.h"

#include <stdbool.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left;
	char pad;
	unsigned width;
	unsigned length; /* 0 int, 1 long, 2 long long, 3 size_t */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const struct spec *s, const char *str,
		       size_t n)
{
	size_t fill = s->width > n ? s->width - n : 0;

	if (!s->left)
		for (size_t i = 0; i < fill; i++)
			put(o, s->pad);
	for (size_t i = 0; i < n; i++)
		put(o, str[i]);
	if (s->left)
		for (size_t i = 0; i < fill; i++)
			put(o, ' ');
}

static void put_number(struct out *o, const struct spec *s, uint64_t v,
		       unsigned base, bool negative)
{
	char tmp[24];
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		tmp[--n] = '-';
	put_padded(o, s, tmp + n, sizeof(tmp) - n);
}

static uint64_t arg_unsigned(va_list *ap, unsigned length)
{
	switch (length) {
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, size_t);
	}
}

static int64_t arg_signed(va_list *ap, unsigned length)
{
	switch (length) {
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	default:
		return (int64_t)va_arg(*ap, size_t);
	}
}

static const char *parse_spec(const char *f, struct spec *s)
{
	s->left = false;
	s->pad = ' ';
	s->width = 0;
	s->length = 0;
	for (; *f == '-' || *f == '0'; f++) {
		if (*f == '-')
			s->left = true;
		else
			s->pad = '0';
	}
	for (; *f >= '0' && *f <= '9'; f++)
		s->width = s->width * 10 + (unsigned)(*f - '0');
	for (; *f == 'l'; f++)
		s->length++;
	if (*f == 'z') {
		s->length = 3;
		f++;
	}
	return f;
}

static void convert(struct out *o, const struct spec *s, char c, va_list *ap)
{
	switch (c) {
	case 'd': {
		int64_t v = arg_signed(ap, s->length);
		put_number(o, s, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10,
			   v < 0);
		break;
	}
	case 'u':
		put_number(o, s, arg_unsigned(ap, s->length), 10, false);
		break;
	case 'x':
		put_number(o, s, arg_unsigned(ap, s->length), 16, false);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_number(o, s, (uintptr_t)va_arg(*ap, void *), 16, false);
		break;
	case 's': {
		const char *str = va_arg(*ap, const char *);
		size_t n = 0;

		if (!str)
			str = "(null)";
		while (str[n])
			n++;
		put_padded(o, s, str, n);
		break;
	}
	case 'c': {
		char ch = (char)va_arg(*ap, int);
		put_padded(o, s, &ch, 1);
		break;
	}
	default:
		put(o, '%');
		put(o, c);
	}
}

int vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		struct spec s;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		if (f[1] == '%') {
			put(&o, '%');
			f++;
			continue;
		}
		f = parse_spec(f + 1, &s);
		if (!*f)
			break;
		convert(&o, &s, *f, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
