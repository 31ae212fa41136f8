/*
 * The serial output of a kernel guest (guest_console.h): a small ANSI
 * reader (ESC [ params final), lines, and the watch.
 */
#include "hv/core/guest_console.h"

#include "hv/lib/printk.h"
#include "hv/lib/string.h"

#define ESC 0x1b

void guest_console_init(struct guest_console *c, const char *name,
			const char *pass_at, const char *fail_at)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->pass_at = pass_at;
	c->fail_at = fail_at;
}

static uint32_t hash_line(const char *s, unsigned n)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (unsigned i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h | 1u; /* 0 marks a slot never shown */
}

/* Prints the line unless that screen place last showed the same. */
static void flush(struct guest_console *c)
{
	unsigned slot = (c->row * 7u + c->col) % GUEST_CONSOLE_SLOTS;
	uint32_t h;

	while (c->len && c->line[c->len - 1] == ' ')
		c->len--;
	if (c->len) {
		h = hash_line(c->line, c->len);
		if (c->shown[slot] != h) {
			c->shown[slot] = h;
			c->line[c->len] = '\0';
			printk("[%s] %s\n", c->name, c->line);
			c->lines++;
		}
	}
	c->len = 0;
}

/* The tail is a ring: tail_len characters end just before tail_pos. */
static void tail_add(struct guest_console *c, char ch)
{
	c->tail[c->tail_pos] = ch;
	c->tail_pos = (c->tail_pos + 1) % GUEST_CONSOLE_TAIL;
	if (c->tail_len < GUEST_CONSOLE_TAIL)
		c->tail_len++;
}

static bool tail_ends_with(const struct guest_console *c, const char *s,
			   unsigned n)
{
	unsigned at = (c->tail_pos + GUEST_CONSOLE_TAIL - n) % GUEST_CONSOLE_TAIL;

	if (n == 0 || n > c->tail_len)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (c->tail[(at + i) % GUEST_CONSOLE_TAIL] != s[i])
			return false;
	return true;
}

/* Whether the tail ends with one of list's '|'-separated alternatives;
 * the one found goes to c->matched. */
static bool watch(struct guest_console *c, const char *list)
{
	const char *s = list;

	while (*s) {
		unsigned n = 0;

		while (s[n] && s[n] != '|')
			n++;
		if (tail_ends_with(c, s, n)) {
			memcpy(c->matched, s, n);
			c->matched[n] = '\0';
			return true;
		}
		s += n + (s[n] == '|');
	}
	return false;
}

/* The end of ESC [ ...: a cursor move starts a new line at its place; a
 * screen clear forgets what was shown. */
static void sequence_end(struct guest_console *c, uint8_t final)
{
	c->esc = 0;
	if (final == 'H' || final == 'f') {
		flush(c);
		c->row = c->nparam > 0 ? c->param[0] : 1;
		c->col = c->nparam > 1 ? c->param[1] : 1;
		tail_add(c, '\n');
	} else if (final == 'J') {
		flush(c);
		memset(c->shown, 0, sizeof(c->shown));
	}
}

static void sequence_byte(struct guest_console *c, uint8_t ch)
{
	if (c->esc == 1) {
		c->esc = ch == '[' ? 2 : 0;
		c->nparam = 0;
		c->param[0] = c->param[1] = 0;
		return;
	}
	if (ch >= '0' && ch <= '9') {
		if (c->nparam == 0)
			c->nparam = 1;
		if (c->nparam <= 2 && c->param[c->nparam - 1] < 1000)
			c->param[c->nparam - 1] = c->param[c->nparam - 1] * 10 + (ch - '0');
	} else if (ch == ';') {
		c->nparam = c->nparam ? c->nparam + 1 : 2;
	} else if (ch >= 0x40 && ch <= 0x7e) {
		sequence_end(c, ch);
	} else if (ch != '?') {
		c->esc = 0; /* not a sequence this reader knows */
	}
}

static void text_byte(struct guest_console *c, uint8_t ch)
{
	if (ch == '\n' || ch == '\r') {
		flush(c);
		c->row++;
		c->col = 1;
		tail_add(c, '\n');
		return;
	}
	if (ch < ' ' || ch > '~')
		return;
	if (c->len == GUEST_CONSOLE_LINE - 1)
		flush(c);
	c->line[c->len++] = (char)ch;
	tail_add(c, (char)ch);
}

enum console_verdict guest_console_put(struct guest_console *c, uint8_t ch)
{
	c->bytes++;
	if (ch == ESC) {
		c->esc = 1;
		return CONSOLE_GO_ON;
	}
	if (c->esc) {
		sequence_byte(c, ch);
		return CONSOLE_GO_ON;
	}
	text_byte(c, ch);
	if (c->fail_at[0] && watch(c, c->fail_at)) {
		flush(c);
		return CONSOLE_FAIL;
	}
	if (c->pass_at[0] && watch(c, c->pass_at)) {
		flush(c);
		return CONSOLE_PASS;
	}
	return CONSOLE_GO_ON;
}
