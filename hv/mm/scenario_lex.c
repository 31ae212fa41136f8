/*
 * Lexing and messages of the scenario parser (see scenario_parse.h): a
 * line into tokens, tokens compared and cut, and the one "line:col: what
 * is wrong" a bad file gets, written with hv/lib's formatter.
 */
#include "hv/mm/scenario_parse.h"

#include <stdarg.h>

#include "hv/lib/print.h"
#include "hv/lib/string.h"

bool tok_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

struct token tok_of(const char *word)
{
	return (struct token){ word, strlen(word), 0 };
}

struct token tok_sub(const struct token *t, size_t from, size_t to)
{
	return (struct token){ t->s + from, to - from, t->col + (unsigned)from };
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_printable(char c)
{
	return (unsigned char)c >= ' ' && (unsigned char)c <= '~';
}

/* Where the token starting at i ends: at a space, a '#' or an unprintable
 * character outside double quotes; inside them spaces and '#' are text.
 * len + 1 when a quote is left open. */
static size_t token_end(const char *s, size_t i, size_t len)
{
	bool quoted = false;

	for (; i < len && is_printable(s[i]); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (is_space(s[i]) || s[i] == '#'))
			break;
	}
	return quoted ? len + 1 : i;
}

/* Splits one line (without its newline) into tokens, up to a '#'. */
int scn_split_line(struct parser *p, const char *s, size_t len,
		   struct line *ln)
{
	size_t i = 0;

	ln->ntok = 0;
	while (i < len) {
		if (is_space(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '#')
			break;
		if (!is_printable(s[i]))
			return scn_fail(p, ln->no, (unsigned)i + 1,
					"unexpected character (only printable ASCII)");
		if (ln->ntok == MAX_TOKENS)
			return scn_fail(p, ln->no, (unsigned)i + 1,
					"too many fields on one line (at most %u)",
					MAX_TOKENS);
		struct token *t = &ln->tok[ln->ntok++];
		t->s = s + i;
		t->col = (unsigned)i + 1;
		i = token_end(s, i, len);
		if (i > len)
			return scn_fail(p, ln->no, t->col,
					"a quote that is not closed on its line");
		t->len = (size_t)(s + i - t->s);
	}
	return ST_OK;
}

int scn_fail(struct parser *p, unsigned line, unsigned col, const char *fmt,
	     ...)
{
	va_list ap;

	p->err->line = line;
	p->err->col = col;
	va_start(ap, fmt);
	vformat(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return ST_INVAL;
}

struct quoted scn_quote(const struct token *t)
{
	struct quoted q;
	size_t n = 0;

	q.s[n++] = '\'';
	for (size_t i = 0; i < t->len && i < QUOTE_MAX; i++)
		q.s[n++] = is_printable(t->s[i]) ? t->s[i] : '?';
	if (t->len > QUOTE_MAX)
		for (int i = 0; i < 3; i++)
			q.s[n++] = '.';
	q.s[n++] = '\'';
	q.s[n] = '\0';
	return q;
}

struct name_list scn_list(const char *prefix, const struct choice *c,
			  const char *last)
{
	struct name_list l;
	size_t n = (size_t)format(l.s, sizeof(l.s), "%s", prefix);

	for (unsigned i = 0; i < c->n; i++) {
		const char *sep = i == 0 ? "" : i + 1 == c->n ? last : ", ";

		n += (size_t)format(l.s + n, sizeof(l.s) - n, "%s%s", sep,
				    c->names[i]);
		if (n >= sizeof(l.s))
			break;
	}
	return l;
}

int scn_fail_tok(struct parser *p, unsigned line, const struct token *t,
		 const char *before, const char *after)
{
	return scn_fail(p, line, t->col, "%s%s%s", before, scn_quote(t).s,
			after);
}
