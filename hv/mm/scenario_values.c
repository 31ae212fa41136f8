/*
 * Value syntax of scenario files (see scenario_parse.h): numbers (decimal
 * or 0x hex), sizes with K, M or G, times with ms, s or min, percentages
 * with at most two decimals, bandwidths SIZE/s, counts, seeds and names
 * from a closed set. No floating point: percentages are basis points.
 */
#include "hv/mm/scenario_parse.h"

#include "hv/lib/string.h"

static bool mul_ok(uint64_t a, uint64_t b, uint64_t *r)
{
	if (a && b > UINT64_MAX / a)
		return false;
	*r = a * b;
	return true;
}

enum num { NUM_NONE, NUM_OK, NUM_OVERFLOW };

static bool is_hex(const struct token *t)
{
	return t->len > 2 && t->s[0] == '0' && (t->s[1] == 'x' || t->s[1] == 'X');
}

static int digit(char c, uint64_t base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Digits (decimal, or hex after 0x) at the start of t; *used = bytes read. */
static enum num parse_uint(const struct token *t, size_t *used, uint64_t *v)
{
	uint64_t base = is_hex(t) ? 16 : 10, acc = 0;
	size_t start = base == 16 ? 2 : 0, i = start;
	int d;

	for (; i < t->len && (d = digit(t->s[i], base)) >= 0; i++) {
		if (!mul_ok(acc, base, &acc) || acc + (uint64_t)d < acc)
			return NUM_OVERFLOW;
		acc += (uint64_t)d;
	}
	*used = i;
	*v = acc;
	return i > start ? NUM_OK : NUM_NONE;
}

/* A scale for the unit that follows a number, 0 if unknown. */
static uint64_t size_unit(const struct token *u)
{
	if (u->len == 0)
		return 1;
	if (tok_is(u, "K"))
		return 1ull << 10;
	if (tok_is(u, "M"))
		return 1ull << 20;
	if (tok_is(u, "G"))
		return 1ull << 30;
	return 0;
}

static uint64_t time_unit(const struct token *u)
{
	if (tok_is(u, "ms"))
		return 1;
	if (tok_is(u, "s"))
		return 1000;
	if (tok_is(u, "min"))
		return 60000;
	return 0;
}

/* number times unit; unit_of gives the scale of the rest of the token. */
static int parse_scaled(struct parser *p, unsigned line, const struct token *v,
			uint64_t (*unit_of)(const struct token *),
			const char *what, uint64_t *out)
{
	size_t used;
	uint64_t n, scale;

	switch (parse_uint(v, &used, &n)) {
	case NUM_NONE:
		return scn_fail_tok(p, line, v, "expected ", what);
	case NUM_OVERFLOW:
		return scn_fail_tok(p, line, v, "number ", " is too large");
	case NUM_OK:
		break;
	}
	struct token u = tok_sub(v, used, v->len);
	scale = unit_of(&u);
	if (!scale && u.len == 0)
		return scn_fail_tok(p, line, v, "missing unit in ", what);
	if (!scale)
		return scn_fail_tok(p, line, &u, "unknown unit ", what);
	if (!mul_ok(n, scale, out))
		return scn_fail_tok(p, line, v, "value ", " is too large");
	return ST_OK;
}

static int parse_size(struct parser *p, unsigned line, const struct token *v,
		      uint64_t *out)
{
	return parse_scaled(p, line, v, size_unit,
			    ": a size is a number with K, M or G", out);
}

static int parse_pages(struct parser *p, unsigned line, const struct token *v,
		       uint64_t *out)
{
	int st = parse_size(p, line, v, out);

	if (st == ST_OK && (*out & PAGE_MASK))
		return scn_fail(p, line, v->col,
				"size %s is not a multiple of %lluK",
				scn_quote(v).s, PAGE_SIZE >> 10);
	return st;
}

static int parse_time(struct parser *p, unsigned line, const struct token *v,
		      uint64_t *out)
{
	int st = parse_scaled(p, line, v, time_unit,
			      ": a time is a number with ms, s or min", out);

	if (st == ST_OK && *out == 0)
		return scn_fail_tok(p, line, v, "time ", " must be more than 0");
	return st;
}

/* Hundredths from the digits after the '.' at *i; how many digits there
 * were, or -1 past two. */
static int decimals(const struct token *v, size_t *i, uint64_t *frac)
{
	int digits = 0;

	for ((*i)++; *i < v->len && v->s[*i] >= '0' && v->s[*i] <= '9'; (*i)++) {
		if (++digits > 2)
			return -1;
		*frac = *frac * 10 + (uint64_t)(v->s[*i] - '0');
	}
	if (digits == 1)
		*frac *= 10;
	return digits;
}

/* "6%", "0.5%", "12.25%": at most two decimals, never over 100 %. */
static int parse_percent(struct parser *p, unsigned line,
			 const struct token *v, uint32_t *bp)
{
	const char *hint = ": a percentage is like 6% or 0.5%";
	size_t used, i;
	uint64_t whole, frac = 0;
	int digits = 1;

	if (is_hex(v) || parse_uint(v, &used, &whole) != NUM_OK)
		return scn_fail_tok(p, line, v, "expected ", hint);
	i = used;
	if (i < v->len && v->s[i] == '.')
		digits = decimals(v, &i, &frac);
	if (digits < 0)
		return scn_fail_tok(p, line, v, "", ": at most two decimals");
	if (digits == 0 || i + 1 != v->len || v->s[i] != '%')
		return scn_fail_tok(p, line, v, "expected ", hint);
	if (whole > 100 || whole * 100 + frac > BP_ONE)
		return scn_fail_tok(p, line, v, "percentage ", " is over 100%");
	*bp = (uint32_t)(whole * 100 + frac);
	return ST_OK;
}

static int parse_bandwidth(struct parser *p, unsigned line,
			   const struct token *v, uint64_t *out)
{
	struct token size;

	if (v->len < 2 || v->s[v->len - 2] != '/' || v->s[v->len - 1] != 's')
		return scn_fail_tok(p, line, v, "expected ",
				    ": a bandwidth is a size per second, like 8M/s");
	size = tok_sub(v, 0, v->len - 2);
	int st = parse_size(p, line, &size, out);
	if (st == ST_OK && *out == 0)
		return scn_fail_tok(p, line, v, "bandwidth ", " must be more than 0");
	return st;
}

/* A whole number 1..max; kind and what name it in messages ("whole
 * number" and "number", "port number" and "port"). */
static int parse_ranged(struct parser *p, unsigned line, const struct token *v,
			uint32_t max, const char *kind, const char *what,
			uint32_t *out)
{
	size_t used;
	uint64_t n;

	if (parse_uint(v, &used, &n) != NUM_OK || used != v->len)
		return scn_fail(p, line, v->col, "expected a %s, not %s", kind,
				scn_quote(v).s);
	if (n == 0 || n > max)
		return scn_fail(p, line, v->col, "%s %s is out of range 1..%u",
				what, scn_quote(v).s, max);
	*out = (uint32_t)n;
	return ST_OK;
}

static int parse_count(struct parser *p, unsigned line, const struct token *v,
		       uint32_t *out)
{
	return parse_ranged(p, line, v, SCN_MAX_SHARES, "whole number", "number",
			    out);
}

static int parse_seed(struct parser *p, unsigned line, const struct token *v,
		      uint64_t *out)
{
	size_t used;

	if (parse_uint(v, &used, out) != NUM_OK || used != v->len)
		return scn_fail_tok(p, line, v, "expected a whole number, not ", "");
	return ST_OK;
}

static int parse_port(struct parser *p, unsigned line, const struct token *v,
		      uint32_t *out)
{
	return parse_ranged(p, line, v, SCN_MAX_PORT, "port number", "port", out);
}

static bool token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* v into out, NUL-terminated, if every character is ok; else the error
 * (what holds one %s, for v) at the first that is not. */
static int copy_checked(struct parser *p, unsigned line, const struct token *v,
			bool (*ok)(char), const char *what, char *out)
{
	for (size_t i = 0; i < v->len; i++)
		if (!ok(v->s[i]))
			return scn_fail(p, line, v->col + (unsigned)i, what,
					scn_quote(v).s);
	memcpy(out, v->s, v->len);
	out[v->len] = 0;
	return ST_OK;
}

/* A secret a request must present: long enough not to be guessed at
 * once, and only characters that need no quoting in a header or JSON. */
static int parse_token(struct parser *p, unsigned line, const struct token *v,
		       char *out)
{
	if (v->len < SCN_TOKEN_MIN || v->len > SCN_TOKEN_MAX)
		return scn_fail(p, line, v->col,
				"token of %u characters: a token has %u to %u",
				(unsigned)v->len, SCN_TOKEN_MIN, SCN_TOKEN_MAX);
	return copy_checked(p, line, v, token_char,
			    "token %s: only letters, digits, - and _", out);
}

static bool file_char(char c)
{
	return token_char(c) || c == '.' || c == '+';
}

/* A boot module's name as the ISO carries it (scripts/make-iso.sh):
 * no path, nothing a shell or GRUB would read as more than a name. */
static int parse_file(struct parser *p, unsigned line, const struct token *v,
		      size_t size, char *out)
{
	if (v->len >= size)
		return scn_fail(p, line, v->col,
				"file name %s is longer than %u characters",
				scn_quote(v).s, (unsigned)size - 1);
	return copy_checked(p, line, v, file_char,
			    "file name %s: only letters, digits and - _ . +, no path",
			    out);
}

/* Text, quoted when it holds spaces (the lexer kept them in the token). */
static int parse_text(struct parser *p, unsigned line, const struct token *v,
		      size_t size, char *out)
{
	struct token t = *v;

	if (t.len >= 2 && t.s[0] == '"' && t.s[t.len - 1] == '"')
		t = tok_sub(v, 1, v->len - 1);
	if (t.len >= size)
		return scn_fail(p, line, v->col,
				"text of %u characters is longer than the %u this key takes",
				(unsigned)t.len, (unsigned)size - 1);
	for (size_t i = 0; i < t.len; i++)
		if (t.s[i] == '"')
			return scn_fail(p, line, t.col + (unsigned)i,
					"a quote inside the text (quotes go around all of it)");
	memcpy(out, t.s, t.len);
	out[t.len] = 0;
	return ST_OK;
}

/* One of c's names; hint says which there are. */
static int parse_choice(struct parser *p, unsigned line, const struct token *v,
			const struct choice *c, const char *hint, int *out)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->names[i] && tok_is(v, c->names[i])) {
			*out = (int)i;
			return ST_OK;
		}
	return scn_fail(p, line, v->col, "unknown value %s: %s",
			scn_quote(v).s, hint);
}

static int parse_until(struct parser *p, unsigned line, const struct token *v,
		       uint64_t *out)
{
	if (tok_is(v, "all-exited")) {
		*out = 0;
		return ST_OK;
	}
	return parse_time(p, line, v, out);
}

/* The kinds whose value is an index into a set of names. */
static int parse_named(struct parser *p, unsigned line,
		       const struct key_def *def, const struct token *v,
		       void *field)
{
	int choice = 0, st;

	switch (def->kind) {
	case K_ONOFF:
		st = parse_choice(p, line, v, &scn_onoff, "use on or off",
				  &choice);
		*(bool *)field = choice == 1;
		return st;
	case K_MODEL:
		st = parse_choice(p, line, v, &scn_models,
				  scn_list("models are ", &scn_models, " and ").s,
				  &choice);
		*(enum policy_model *)field = (enum policy_model)choice;
		return st;
	case K_ATTACK:
		st = parse_choice(p, line, v, &scn_attacks,
				  scn_list("attacks are ", &scn_attacks, " and ").s,
				  &choice);
		*(enum guest_attack *)field = (enum guest_attack)choice;
		return st;
	default:
		st = parse_choice(p, line, v, &scn_workloads,
				  scn_list("workloads are ", &scn_workloads,
					   " and ").s, &choice);
		*(enum guest_workload *)field = (enum guest_workload)choice;
		return st;
	}
}

int scn_parse_value(struct parser *p, unsigned line,
		    const struct key_def *def, const struct token *v,
		    void *base)
{
	void *field = (char *)base + def->offset;

	switch (def->kind) {
	case K_SIZE:
		return parse_size(p, line, v, field);
	case K_PAGES:
		return parse_pages(p, line, v, field);
	case K_PERCENT:
		return parse_percent(p, line, v, field);
	case K_TIME:
		return parse_time(p, line, v, field);
	case K_BANDWIDTH:
		return parse_bandwidth(p, line, v, field);
	case K_COUNT:
		return parse_count(p, line, v, field);
	case K_SEED:
		return parse_seed(p, line, v, field);
	case K_UNTIL:
		return parse_until(p, line, v, field);
	case K_PORT:
		return parse_port(p, line, v, field);
	case K_TOKEN:
		return parse_token(p, line, v, field);
	case K_FILE:
		return parse_file(p, line, v, SCN_KERNEL_LEN, field);
	case K_CMDLINE:
		return parse_text(p, line, v, SCN_CMDLINE_LEN, field);
	case K_WATCH:
		return parse_text(p, line, v, SCN_WATCH_LEN, field);
	case K_ONOFF:
	case K_MODEL:
	case K_WORKLOAD:
	case K_ATTACK:
		return parse_named(p, line, def, v, field);
	}
	return ST_INVAL;
}
