/*
 * The scenario parser (grammar in scenario.h, parts in scenario_parse.h):
 * lines to keywords, key=value pairs to fields, and every consistency
 * check, so that a bad file stops with one precise "line:col: what is
 * wrong" before anything runs. Freestanding: no libc, no allocation, no
 * floating point; the whole file is parsed in one pass.
 */
#include "hv/mm/scenario_parse.h"

/* One key=value token; records it in *seen. */
static int parse_pair(struct parser *p, const struct keyword_def *kw,
		      const struct line *ln, const struct token *t,
		      struct seen *seen, void *base)
{
	size_t eq = 0;

	while (eq < t->len && t->s[eq] != '=')
		eq++;
	if (eq == t->len)
		return scn_fail_tok(p, ln->no, t, "expected key=value, not ", "");
	struct token key = tok_sub(t, 0, eq);
	struct token val = tok_sub(t, eq + 1, t->len);
	int k = scn_find_key(kw, &key);
	if (k < 0)
		return scn_fail(p, ln->no, key.col, "unknown key %s for '%s'",
				scn_quote(&key).s, kw->name);
	if (seen->mask & (1u << k))
		return scn_fail_tok(p, ln->no, &key, "duplicate key ", "");
	if (val.len == 0)
		return scn_fail_tok(p, ln->no, t, "missing value after ", "");
	seen->mask |= 1u << k;
	seen->col[k] = val.col;
	return scn_parse_value(p, ln->no, &kw->keys[k], &val, base);
}

/* Where a key's value starts, or the line's start when it was not given. */
static unsigned key_col(const struct keyword_def *kw, const struct seen *seen,
			const struct line *ln, const char *name)
{
	struct token k = tok_of(name);
	int i = scn_find_key(kw, &k);

	if (i >= 0 && (seen->mask & (1u << i)))
		return seen->col[i];
	return ln->tok[0].col;
}

/*
 * Keys that belong to another model or workload are refused, and keys
 * required by this one must be there: a wrong key is a typo, never ignored.
 */
static int check_keys(struct parser *p, const struct keyword_def *kw,
		      const struct line *ln, const struct seen *seen,
		      int selected)
{
	for (unsigned k = 0; k < kw->nkeys; k++) {
		const struct key_def *d = &kw->keys[k];
		bool applies = d->only == ANY || d->only == selected;
		bool given = seen->mask & (1u << k);

		if (given && !applies)
			return scn_fail(p, ln->no,
					seen->col[k] - 1 - (unsigned)tok_of(d->name).len,
					"key '%s' does not apply to this %s",
					d->name, kw->selector);
		if (!given && applies && d->required)
			return scn_fail(p, ln->no,
					kw->selector ? key_col(kw, seen, ln, kw->selector)
						     : ln->tok[0].col,
					"missing required key '%s='", d->name);
	}
	return ST_OK;
}

static int parse_pairs(struct parser *p, const struct keyword_def *kw,
		       const struct line *ln, unsigned first, struct seen *seen,
		       void *base)
{
	seen->mask = 0;
	for (unsigned i = first; i < ln->ntok; i++) {
		int st = parse_pair(p, kw, ln, &ln->tok[i], seen, base);

		if (st)
			return st;
	}
	return ST_OK;
}

/* ---- guests ---- */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

static int check_name(struct parser *p, const struct line *ln,
		      const struct token *t)
{
	if (t->len >= GUEST_NAME_LEN)
		return scn_fail(p, ln->no, t->col,
				"guest name %s is longer than %u characters",
				scn_quote(t).s, GUEST_NAME_LEN - 1);
	for (size_t i = 0; i < t->len; i++)
		if (!name_char(t->s[i]))
			return scn_fail_tok(p, ln->no, t, "guest name ",
					    " may hold only letters, digits, - _ .");
	for (unsigned g = 0; g < p->scn->nguests; g++)
		if (tok_is(t, p->scn->guests[g].name))
			return scn_fail(p, ln->no, t->col,
					"duplicate guest name %s (first at line %u)",
					scn_quote(t).s, p->guest_line[g]);
	return ST_OK;
}

static int fail_key(struct parser *p, const struct line *ln,
		    const struct seen *seen, const char *key, const char *text)
{
	return scn_fail(p, ln->no, key_col(&scn_keywords[KW_GUEST], seen, ln, key),
			"%s", text);
}

/* The keys of a kernel guest come with its kernel. */
static int check_kernel(struct parser *p, const struct line *ln,
			const struct seen *seen, const struct scn_guest *g)
{
	static const char *const needs_kernel[] = { "initrd", "cmdline",
						    "pass-at", "fail-at" };

	if (g->kernel[0])
		return ST_OK;
	for (unsigned i = 0; i < sizeof(needs_kernel) / sizeof(needs_kernel[0]);
	     i++) {
		struct token k = tok_of(needs_kernel[i]);

		if (seen->mask & (1u << scn_find_key(&scn_keywords[KW_GUEST], &k)))
			return scn_fail(p, ln->no,
					key_col(&scn_keywords[KW_GUEST], seen, ln,
						needs_kernel[i]),
					"key '%s' needs kernel=: it is for a guest that boots a kernel",
					needs_kernel[i]);
	}
	return ST_OK;
}

/* Sizes that must fit inside the guest's memory, and its workload's. */
static int check_guest(struct parser *p, const struct line *ln,
		       const struct seen *seen, struct scn_guest *g)
{
	uint64_t limit = scn_guest_limit(g);

	if (g->memory == 0)
		return fail_key(p, ln, seen, "memory",
				"guest memory must be more than 0");
	if (g->limit > g->memory)
		return fail_key(p, ln, seen, "limit",
				"limit is larger than the guest's memory");
	if (g->reservation > limit)
		return fail_key(p, ln, seen, "reservation",
				"reservation is larger than the guest's limit");
	if (g->workload == GUEST_WL_PATTERN && g->touch > g->memory)
		return fail_key(p, ln, seen, "touch",
				"touch is larger than the guest's memory");
	if (g->workload == GUEST_WL_WILD && g->wild_at < g->memory)
		return fail_key(p, ln, seen, "at",
				"at lies inside the guest's memory; wild must touch outside it");
	if (g->workload == GUEST_WL_CONTENTION && g->heap == 0)
		return fail_key(p, ln, seen, "heap", "heap must be more than 0");
	if (g->paging > SCN_MAX_PAGING)
		return fail_key(p, ln, seen, "paging",
				"paging is larger than a paging area may be (4 GiB)");
	if (g->active_bp == 0)
		return fail_key(p, ln, seen, "active",
				"active must be more than 0%: the workload must touch something");
	return check_kernel(p, ln, seen, g);
}

static int parse_guest(struct parser *p, const struct line *ln)
{
	const struct keyword_def *kw = &scn_keywords[KW_GUEST];
	struct seen seen;
	int st;

	if (ln->ntok < 2)
		return scn_fail(p, ln->no, ln->tok[0].col,
				"guest needs a name: guest NAME memory=SIZE ...");
	if (p->scn->nguests == SCN_MAX_GUESTS)
		return scn_fail(p, ln->no, ln->tok[0].col,
				"too many guests (at most %u)", SCN_MAX_GUESTS);
	st = check_name(p, ln, &ln->tok[1]);
	if (st)
		return st;
	struct scn_guest *g = &p->scn->guests[p->scn->nguests];
	scn_guest_defaults(g, &ln->tok[1]);
	st = parse_pairs(p, kw, ln, 2, &seen, g);
	if (!st)
		st = check_keys(p, kw, ln, &seen, (int)g->workload);
	if (!st)
		st = check_guest(p, ln, &seen, g);
	if (st)
		return st;
	if (!g->shares)
		g->shares = scn_default_shares(g->memory);
	p->guest_line[p->scn->nguests++] = ln->no;
	return ST_OK;
}

/* ---- the single-line keywords ---- */

/* Thresholds must fall, soft > hard > low, or the states make no sense;
 * a sample must fit the loop's arrays. */
static int check_policy(struct parser *p, const struct line *ln,
			const struct seen *seen)
{
	const struct keyword_def *kw = &scn_keywords[KW_POLICY];
	const struct policy_params *pp = &p->scn->policy;

	if (pp->soft_bp <= pp->hard_bp || pp->hard_bp <= pp->low_bp)
		return scn_fail(p, ln->no,
				key_col(kw, seen, ln, pp->soft_bp <= pp->hard_bp ?
						      "hard" : "low"),
				"thresholds out of order: need soft > hard > low");
	if (p->scn->sample_pages > SCN_MAX_SAMPLE)
		return scn_fail(p, ln->no, key_col(kw, seen, ln, "sample"),
				"sample of %u pages is over the %u a guest may have",
				p->scn->sample_pages, SCN_MAX_SAMPLE);
	return ST_OK;
}

static int parse_single(struct parser *p, enum keyword which,
			const struct line *ln)
{
	const struct keyword_def *kw = &scn_keywords[which];
	struct seen seen;
	int st;

	if (p->kw_line[which])
		return scn_fail(p, ln->no, ln->tok[0].col,
				"duplicate '%s' line (first at line %u)",
				kw->name, p->kw_line[which]);
	p->kw_line[which] = ln->no;
	st = parse_pairs(p, kw, ln, 1, &seen, p->scn);
	if (!st)
		st = check_keys(p, kw, ln, &seen, (int)p->scn->policy.model);
	if (!st && which == KW_POLICY)
		st = check_policy(p, ln, &seen);
	if (!st && which == KW_MACHINE && p->scn->machine_memory == 0)
		st = scn_fail(p, ln->no, seen.col[0],
			      "machine memory must be more than 0");
	if (!st && which == KW_SWAP)
		p->swap_size_given = seen.mask & 1u;
	if (!st && which == KW_NET)
		p->scn->net.on = true;
	return st;
}

static int parse_line(struct parser *p, const struct line *ln)
{
	const struct token *t = &ln->tok[0];
	const char *const names[KW_COUNT] = {
		scn_keywords[0].name, scn_keywords[1].name, scn_keywords[2].name,
		scn_keywords[3].name, scn_keywords[4].name,
		scn_keywords[5].name,
	};
	const struct choice all = { names, KW_COUNT };

	for (int k = 0; k < KW_COUNT; k++) {
		if (!tok_is(t, scn_keywords[k].name))
			continue;
		if (k == KW_GUEST)
			return parse_guest(p, ln);
		return parse_single(p, (enum keyword)k, ln);
	}
	return scn_fail(p, ln->no, t->col, "unknown keyword %s %s)",
			scn_quote(t).s, scn_list("(", &all, " or ").s);
}

/* ---- the file ---- */

/* The default swap: ESX's per-VM swap files, memory - reservation each. */
static int default_swap(struct parser *p)
{
	struct scenario *s = p->scn;
	uint64_t sum = 0;

	for (unsigned g = 0; g < s->nguests; g++) {
		uint64_t part = s->guests[g].memory - s->guests[g].reservation;

		if (part > UINT64_MAX - sum)
			return scn_fail(p, p->guest_line[g], 1,
					"guests' memory less reservations adds up to more than 2^64 bytes: give 'swap size='");
		sum += part;
	}
	s->swap_size = sum;
	return ST_OK;
}

/* Checks that need the whole file: required lines, admission control. */
static int check_file(struct parser *p)
{
	struct scenario *s = p->scn;
	uint64_t reserved = 0;

	if (!p->kw_line[KW_MACHINE])
		return scn_fail(p, 1, 1, "missing 'machine memory=SIZE' line");
	if (s->nguests == 0)
		return scn_fail(p, 1, 1,
				"no guest: a scenario needs a 'guest' line");
	for (unsigned g = 0; g < s->nguests; g++) {
		if (s->guests[g].reservation > s->machine_memory - reserved)
			return scn_fail(p, p->guest_line[g], 1,
					"reservations add up to more than machine memory");
		reserved += s->guests[g].reservation;
	}
	return p->swap_size_given ? ST_OK : default_swap(p);
}

int scn_parse(const char *text, size_t len, struct scenario *out,
	      struct scn_error *err)
{
	struct parser p = { .scn = out, .err = err };
	struct line ln = { 0 };
	size_t pos = 0;

	scn_defaults(out);
	*err = (struct scn_error){ 0 };
	while (pos < len) {
		size_t end = pos;

		while (end < len && text[end] != '\n')
			end++;
		ln.no++;
		int st = scn_split_line(&p, text + pos, end - pos, &ln);
		if (!st && ln.ntok)
			st = parse_line(&p, &ln);
		if (st)
			return st;
		pos = end + 1;
	}
	return check_file(&p);
}

uint64_t scn_guest_limit(const struct scn_guest *g)
{
	return g->limit ? g->limit : g->memory;
}
