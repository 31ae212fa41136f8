/*
 * The scenario parser (grammar in scenario.h). It owns tokenising, the
 * table of keywords and keys, value syntax (sizes, percentages, times) and
 * every consistency check, so that a bad file stops with one precise
 * "line:col: what is wrong" before anything runs. Freestanding: no libc,
 * no allocation, no floating point; the whole file is parsed in one pass.
 */
#include "hv/mm/scenario.h"

#define MAX_TOKENS 24
#define MAX_KEYS 12
#define QUOTE_MAX 24            /* bytes of a token quoted in a message */

struct token {
	const char *s;
	size_t len;
	unsigned col;
};

struct line {
	unsigned no;
	unsigned ntok;
	struct token tok[MAX_TOKENS];
};

enum kind {
	K_SIZE,         /* bytes: 64M */
	K_PAGES,        /* bytes, a multiple of the page size */
	K_PERCENT,      /* basis points: 6%, 0.5% */
	K_TIME,         /* milliseconds: 100ms, 600s, 90min */
	K_BANDWIDTH,    /* bytes per second: 8M/s */
	K_COUNT,        /* uint32_t, at least 1 */
	K_SEED,         /* uint64_t, any value: a seed, a count that may be 0 */
	K_ONOFF,        /* bool */
	K_MODEL,        /* enum scn_model */
	K_WORKLOAD,     /* enum scn_workload */
	K_UNTIL,        /* all-exited or a time */
};

#define ANY (-1)

struct key_def {
	const char *name;
	enum kind kind;
	size_t offset;          /* into struct scenario or struct scn_guest */
	int only;               /* valid only for this model/workload, or ANY */
	bool required;          /* required (when `only` applies) */
};

enum keyword { KW_MACHINE, KW_POLICY, KW_RUN, KW_SWAP, KW_GUEST, KW_COUNT };

struct keyword_def {
	const char *name;
	const struct key_def *keys;
	unsigned nkeys;
	bool in_guest;          /* keys are offsets into struct scn_guest */
	const char *selector;   /* the key whose value `only` refers to */
};

#define SCN(f) offsetof(struct scenario, f)
#define GST(f) offsetof(struct scn_guest, f)

static const struct key_def machine_keys[] = {
	{ "memory", K_PAGES, SCN(machine_memory), ANY, true },
};

static const struct key_def policy_keys[] = {
	{ "model", K_MODEL, SCN(model), ANY, false },
	{ "soft", K_PERCENT, SCN(soft_bp), SCN_MODEL_ESX, false },
	{ "hard", K_PERCENT, SCN(hard_bp), SCN_MODEL_ESX, false },
	{ "low", K_PERCENT, SCN(low_bp), SCN_MODEL_ESX, false },
	{ "margin", K_PERCENT, SCN(margin_bp), ANY, false },
	{ "tax", K_PERCENT, SCN(tax_bp), ANY, false },
	{ "max-balloon", K_PERCENT, SCN(max_balloon_bp), ANY, false },
	{ "tick", K_TIME, SCN(tick_ms), ANY, false },
};

static const struct key_def run_keys[] = {
	{ "seed", K_SEED, SCN(seed), ANY, false },
	{ "until", K_UNTIL, SCN(until_ms), ANY, false },
	{ "limit", K_TIME, SCN(limit_ms), ANY, false },
};

static const struct key_def swap_keys[] = {
	{ "size", K_PAGES, SCN(swap_size), ANY, false },
	{ "bandwidth", K_BANDWIDTH, SCN(swap_bandwidth), ANY, false },
	{ "fail-read", K_SEED, SCN(swap_fail_read), ANY, false },
	{ "fail-write", K_SEED, SCN(swap_fail_write), ANY, false },
};

static const struct key_def guest_keys[] = {
	{ "memory", K_PAGES, GST(memory), ANY, true },
	{ "shares", K_COUNT, GST(shares), ANY, false },
	{ "reservation", K_PAGES, GST(reservation), ANY, false },
	{ "limit", K_PAGES, GST(limit), ANY, false },
	{ "balloon", K_ONOFF, GST(balloon), ANY, false },
	{ "workload", K_WORKLOAD, GST(workload), ANY, false },
	{ "touch", K_SIZE, GST(touch), SCN_WL_PATTERN, true },
	{ "at", K_SIZE, GST(wild_at), SCN_WL_WILD, true },
	{ "heap", K_PAGES, GST(heap), SCN_WL_CONTENTION, true },
	{ "work", K_COUNT, GST(work), SCN_WL_CONTENTION, true },
	{ "active", K_PERCENT, GST(active_bp), SCN_WL_CONTENTION, false },
	{ "calls", K_COUNT, GST(calls), SCN_WL_VMCALL_BENCH, true },
};

#define KEYS(t) t, sizeof(t) / sizeof(t[0])

static const struct keyword_def keywords[KW_COUNT] = {
	[KW_MACHINE] = { "machine", KEYS(machine_keys), false, NULL },
	[KW_POLICY] = { "policy", KEYS(policy_keys), false, "model" },
	[KW_RUN] = { "run", KEYS(run_keys), false, NULL },
	[KW_SWAP] = { "swap", KEYS(swap_keys), false, NULL },
	[KW_GUEST] = { "guest", KEYS(guest_keys), true, "workload" },
};

static const char *const model_names[] = { "esx", "minfree" };
static const char *const workload_names[] = {
	"pattern", "wild", "contention", "idle", "vmcall-bench",
	"hypercall-check", "balloon-hostile", "triple-fault",
	"user-hypercall", "irq-stack", "swapped-buffers",
};

/* What one line said: which keys, and where their values start. */
struct seen {
	unsigned mask;
	unsigned col[MAX_KEYS];
};

struct parser {
	struct scenario *scn;
	struct scn_error *err;
	unsigned kw_line[KW_COUNT];     /* line of each single keyword, 0 = none */
	unsigned guest_line[SCN_MAX_GUESTS];
	bool swap_size_given;
};

/* ---- messages: a tiny appender, since there is no snprintf here ---- */

struct msg {
	char *buf;
	size_t len, cap;
};

static void msg_char(struct msg *m, char c)
{
	if (m->len + 1 < m->cap)
		m->buf[m->len++] = c;
	m->buf[m->len] = '\0';
}

static void msg_str(struct msg *m, const char *s)
{
	while (*s)
		msg_char(m, *s++);
}

static void msg_quote(struct msg *m, const char *s, size_t len)
{
	msg_char(m, '\'');
	for (size_t i = 0; i < len && i < QUOTE_MAX; i++)
		msg_char(m, (s[i] >= ' ' && s[i] <= '~') ? s[i] : '?');
	if (len > QUOTE_MAX)
		msg_str(m, "...");
	msg_char(m, '\'');
}

static void msg_uint(struct msg *m, uint64_t v)
{
	char digits[20];
	unsigned n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		msg_char(m, digits[--n]);
}

static struct msg fail_at(struct parser *p, unsigned line, unsigned col)
{
	struct msg m = { p->err->msg, 0, sizeof(p->err->msg) };

	p->err->line = line;
	p->err->col = col;
	m.buf[0] = '\0';
	return m;
}

/* The common shape "<before>'<token>'<after>". */
static int fail_tok(struct parser *p, unsigned line, const struct token *t,
		    const char *before, const char *after)
{
	struct msg m = fail_at(p, line, t->col);

	msg_str(&m, before);
	msg_quote(&m, t->s, t->len);
	msg_str(&m, after);
	return ST_INVAL;
}

static int fail_plain(struct parser *p, unsigned line, unsigned col,
		      const char *text)
{
	struct msg m = fail_at(p, line, col);

	msg_str(&m, text);
	return ST_INVAL;
}

/* ---- small string helpers (no string.h in the hypervisor) ---- */

static bool tok_is(const struct token *t, const char *word)
{
	size_t i = 0;

	for (; i < t->len; i++)
		if (word[i] != t->s[i])
			return false;
	return word[i] == '\0';
}

static struct token tok_of(const char *word)
{
	struct token t = { word, 0, 0 };

	while (word[t.len])
		t.len++;
	return t;
}

static struct token tok_sub(const struct token *t, size_t from, size_t to)
{
	struct token r = { t->s + from, to - from, t->col + (unsigned)from };

	return r;
}

/* ---- values ---- */

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
		return fail_tok(p, line, v, "expected ", what);
	case NUM_OVERFLOW:
		return fail_tok(p, line, v, "number ", " is too large");
	case NUM_OK:
		break;
	}
	struct token u = tok_sub(v, used, v->len);
	scale = unit_of(&u);
	if (!scale && u.len == 0)
		return fail_tok(p, line, v, "missing unit in ", what);
	if (!scale)
		return fail_tok(p, line, &u, "unknown unit ", what);
	if (!mul_ok(n, scale, out))
		return fail_tok(p, line, v, "value ", " is too large");
	return ST_OK;
}

static int parse_size(struct parser *p, unsigned line, const struct token *v,
		      uint64_t *out)
{
	return parse_scaled(p, line, v, size_unit,
			    ": a size is a number with K, M or G", out);
}

static int parse_time(struct parser *p, unsigned line, const struct token *v,
		      uint64_t *out)
{
	int st = parse_scaled(p, line, v, time_unit,
			      ": a time is a number with ms, s or min", out);

	if (st == ST_OK && *out == 0)
		return fail_tok(p, line, v, "time ", " must be more than 0");
	return st;
}

/* "6%", "0.5%", "12.25%": at most two decimals, never over 100 %. */
static int parse_percent(struct parser *p, unsigned line,
			 const struct token *v, uint32_t *bp)
{
	const char *hint = ": a percentage is like 6% or 0.5%";
	size_t used, i;
	uint64_t whole, frac = 0;

	if (is_hex(v) || parse_uint(v, &used, &whole) != NUM_OK)
		return fail_tok(p, line, v, "expected ", hint);
	i = used;
	if (i < v->len && v->s[i] == '.') {
		unsigned digits = 0;

		for (i++; i < v->len && v->s[i] >= '0' && v->s[i] <= '9'; i++) {
			if (++digits > 2)
				return fail_tok(p, line, v, "",
						": at most two decimals");
			frac = frac * 10 + (uint64_t)(v->s[i] - '0');
		}
		if (digits == 0)
			return fail_tok(p, line, v, "expected ", hint);
		if (digits == 1)
			frac *= 10;
	}
	if (i + 1 != v->len || v->s[i] != '%')
		return fail_tok(p, line, v, "expected ", hint);
	if (whole > 100 || whole * 100 + frac > SCN_BP_ONE)
		return fail_tok(p, line, v, "percentage ", " is over 100%");
	*bp = (uint32_t)(whole * 100 + frac);
	return ST_OK;
}

static int parse_bandwidth(struct parser *p, unsigned line,
			   const struct token *v, uint64_t *out)
{
	struct token size;

	if (v->len < 2 || v->s[v->len - 2] != '/' || v->s[v->len - 1] != 's')
		return fail_tok(p, line, v, "expected ",
				": a bandwidth is a size per second, like 8M/s");
	size = tok_sub(v, 0, v->len - 2);
	int st = parse_size(p, line, &size, out);
	if (st == ST_OK && *out == 0)
		return fail_tok(p, line, v, "bandwidth ", " must be more than 0");
	return st;
}

static int parse_count(struct parser *p, unsigned line, const struct token *v,
		       uint32_t *out)
{
	size_t used;
	uint64_t n;

	if (parse_uint(v, &used, &n) != NUM_OK || used != v->len)
		return fail_tok(p, line, v, "expected a whole number, not ", "");
	if (n == 0 || n > SCN_MAX_SHARES)
		return fail_tok(p, line, v, "number ",
				" is out of range 1..1000000");
	*out = (uint32_t)n;
	return ST_OK;
}

static int parse_seed(struct parser *p, unsigned line, const struct token *v,
		      uint64_t *out)
{
	size_t used;

	if (parse_uint(v, &used, out) != NUM_OK || used != v->len)
		return fail_tok(p, line, v, "expected a whole number, not ",
				"");
	return ST_OK;
}

/* Index of v in names[], or -1. */
static int pick(const struct token *v, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (tok_is(v, names[i]))
			return i;
	return -1;
}

static int parse_choice(struct parser *p, unsigned line, const struct token *v,
			const char *const *names, int n, const char *hint,
			int *out)
{
	*out = pick(v, names, n);
	if (*out < 0)
		return fail_tok(p, line, v, "unknown value ", hint);
	return ST_OK;
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

/* Parses v by kind into the field at base + def->offset. */
static int parse_value(struct parser *p, unsigned line,
		       const struct key_def *def, const struct token *v,
		       void *base)
{
	static const char *const onoff[] = { "off", "on" };
	void *field = (char *)base + def->offset;
	int choice = 0, st;

	switch (def->kind) {
	case K_SIZE:
	case K_PAGES:
		st = parse_size(p, line, v, field);
		if (st == ST_OK && def->kind == K_PAGES &&
		    (*(uint64_t *)field & PAGE_MASK))
			return fail_tok(p, line, v, "size ",
					" is not a multiple of 4K");
		return st;
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
	case K_ONOFF:
		st = parse_choice(p, line, v, onoff, 2, ": use on or off",
				  &choice);
		*(bool *)field = choice == 1;
		return st;
	case K_MODEL:
		st = parse_choice(p, line, v, model_names, 2,
				  ": models are esx and minfree", &choice);
		*(enum scn_model *)field = (enum scn_model)choice;
		return st;
	case K_WORKLOAD:
		st = parse_choice(p, line, v, workload_names,
				  sizeof(workload_names) / sizeof(workload_names[0]),
				  ": workloads are pattern, wild, contention, idle, vmcall-bench, hypercall-check, balloon-hostile, triple-fault, user-hypercall, irq-stack, swapped-buffers",
				  &choice);
		*(enum scn_workload *)field = (enum scn_workload)choice;
		return st;
	}
	return ST_INVAL;
}

/* ---- lines ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits one line (without its newline) into tokens, up to a '#'. */
static int split_line(struct parser *p, const char *s, size_t len,
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
		if ((unsigned char)s[i] < ' ' || (unsigned char)s[i] > '~')
			return fail_plain(p, ln->no, (unsigned)i + 1,
					  "unexpected character (only printable ASCII)");
		if (ln->ntok == MAX_TOKENS)
			return fail_plain(p, ln->no, (unsigned)i + 1,
					  "too many fields on one line");
		struct token *t = &ln->tok[ln->ntok++];
		t->s = s + i;
		t->col = (unsigned)i + 1;
		while (i < len && !is_space(s[i]) && s[i] != '#' &&
		       (unsigned char)s[i] >= ' ' && (unsigned char)s[i] <= '~')
			i++;
		t->len = (size_t)(s + i - t->s);
	}
	return ST_OK;
}

static int find_key(const struct keyword_def *kw, const struct token *k)
{
	for (unsigned i = 0; i < kw->nkeys; i++)
		if (tok_is(k, kw->keys[i].name))
			return (int)i;
	return -1;
}

/* One key=value token; records it in *seen. */
static int parse_pair(struct parser *p, const struct keyword_def *kw,
		      const struct line *ln, const struct token *t,
		      struct seen *seen, void *base)
{
	size_t eq = 0;

	while (eq < t->len && t->s[eq] != '=')
		eq++;
	if (eq == t->len)
		return fail_tok(p, ln->no, t, "expected key=value, not ", "");
	struct token key = tok_sub(t, 0, eq);
	struct token val = tok_sub(t, eq + 1, t->len);
	int k = find_key(kw, &key);
	if (k < 0) {
		struct msg m = fail_at(p, ln->no, key.col);

		msg_str(&m, "unknown key ");
		msg_quote(&m, key.s, key.len);
		msg_str(&m, " for '");
		msg_str(&m, kw->name);
		msg_char(&m, '\'');
		return ST_INVAL;
	}
	if (seen->mask & (1u << k))
		return fail_tok(p, ln->no, &key, "duplicate key ", "");
	if (val.len == 0)
		return fail_tok(p, ln->no, t, "missing value after ", "");
	seen->mask |= 1u << k;
	seen->col[k] = val.col;
	return parse_value(p, ln->no, &kw->keys[k], &val, base);
}

static unsigned selector_col(const struct keyword_def *kw,
			     const struct seen *seen, const struct line *ln)
{
	if (kw->selector) {
		struct token sel = tok_of(kw->selector);
		int k = find_key(kw, &sel);

		if (seen->mask & (1u << k))
			return seen->col[k];
	}
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

		if (given && !applies) {
			unsigned key_col = seen->col[k] - 1 -
					   (unsigned)tok_of(d->name).len;
			struct msg m = fail_at(p, ln->no, key_col);

			msg_str(&m, "key '");
			msg_str(&m, d->name);
			msg_str(&m, "' does not apply to this ");
			msg_str(&m, kw->selector);
			return ST_INVAL;
		}
		if (!given && applies && d->required) {
			struct msg m = fail_at(p, ln->no,
					       selector_col(kw, seen, ln));

			msg_str(&m, "missing required key '");
			msg_str(&m, d->name);
			msg_str(&m, "='");
			return ST_INVAL;
		}
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
	if (t->len >= SCN_NAME_MAX)
		return fail_tok(p, ln->no, t, "guest name ",
				" is longer than 15 characters");
	for (size_t i = 0; i < t->len; i++)
		if (!name_char(t->s[i]) || t->s[i] == '=')
			return fail_tok(p, ln->no, t, "guest name ",
					" may hold only letters, digits, - _ .");
	for (unsigned g = 0; g < p->scn->nguests; g++)
		if (tok_is(t, p->scn->guests[g].name)) {
			struct msg m = fail_at(p, ln->no, t->col);

			msg_str(&m, "duplicate guest name ");
			msg_quote(&m, t->s, t->len);
			msg_str(&m, " (first at line ");
			msg_uint(&m, p->guest_line[g]);
			msg_char(&m, ')');
			return ST_INVAL;
		}
	return ST_OK;
}

static int fail_key(struct parser *p, const struct line *ln,
		    const struct seen *seen, const char *key, const char *text)
{
	struct token k = tok_of(key);

	return fail_plain(p, ln->no, seen->col[find_key(&keywords[KW_GUEST], &k)],
			  text);
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
	if (g->workload == SCN_WL_PATTERN && g->touch > g->memory)
		return fail_key(p, ln, seen, "touch",
				"touch is larger than the guest's memory");
	if (g->workload == SCN_WL_WILD && g->wild_at < g->memory)
		return fail_key(p, ln, seen, "at",
				"at lies inside the guest's memory; wild must touch outside it");
	if (g->workload == SCN_WL_CONTENTION && g->heap == 0)
		return fail_key(p, ln, seen, "heap", "heap must be more than 0");
	if (g->active_bp == 0)
		return fail_key(p, ln, seen, "active",
				"active must be more than 0%: the workload must touch something");
	return ST_OK;
}

static void guest_defaults(struct scn_guest *g, const struct token *name)
{
	*g = (struct scn_guest){ .balloon = true, .workload = SCN_WL_IDLE,
				 .active_bp = SCN_BP_ONE };
	for (size_t i = 0; i < name->len; i++)
		g->name[i] = name->s[i];
}

/* ESX's "normal" shares: 10 per MiB, so equal-sized guests weigh equal. */
static uint32_t default_shares(uint64_t memory)
{
	uint64_t s = (memory >> 20) * 10;

	if (s < 1)
		return 1;
	return s > SCN_MAX_SHARES ? SCN_MAX_SHARES : (uint32_t)s;
}

static int parse_guest(struct parser *p, const struct line *ln)
{
	const struct keyword_def *kw = &keywords[KW_GUEST];
	struct seen seen;
	int st;

	if (ln->ntok < 2)
		return fail_plain(p, ln->no, ln->tok[0].col,
				  "guest needs a name: guest NAME memory=SIZE ...");
	if (p->scn->nguests == SCN_MAX_GUESTS)
		return fail_plain(p, ln->no, ln->tok[0].col,
				  "too many guests (at most 16)");
	st = check_name(p, ln, &ln->tok[1]);
	if (st)
		return st;
	struct scn_guest *g = &p->scn->guests[p->scn->nguests];
	guest_defaults(g, &ln->tok[1]);
	st = parse_pairs(p, kw, ln, 2, &seen, g);
	if (!st)
		st = check_keys(p, kw, ln, &seen, (int)g->workload);
	if (!st)
		st = check_guest(p, ln, &seen, g);
	if (st)
		return st;
	if (!g->shares)
		g->shares = default_shares(g->memory);
	p->guest_line[p->scn->nguests++] = ln->no;
	return ST_OK;
}

/* ---- the single-line keywords ---- */

/* Thresholds must fall, soft > hard > low, or the states make no sense. */
static int check_policy(struct parser *p, const struct line *ln,
			const struct seen *seen)
{
	const struct scenario *s = p->scn;
	struct token hard_key = tok_of("hard"), low_key = tok_of("low");
	int hard = find_key(&keywords[KW_POLICY], &hard_key);
	int low = find_key(&keywords[KW_POLICY], &low_key);

	if (s->soft_bp <= s->hard_bp || s->hard_bp <= s->low_bp) {
		int k = (s->soft_bp <= s->hard_bp) ? hard : low;
		unsigned col = (seen->mask & (1u << k)) ? seen->col[k] :
							  ln->tok[0].col;

		return fail_plain(p, ln->no, col,
				  "thresholds out of order: need soft > hard > low");
	}
	return ST_OK;
}

static int parse_single(struct parser *p, enum keyword which,
			const struct line *ln)
{
	const struct keyword_def *kw = &keywords[which];
	struct seen seen;
	int st;

	if (p->kw_line[which]) {
		struct msg m = fail_at(p, ln->no, ln->tok[0].col);

		msg_str(&m, "duplicate '");
		msg_str(&m, kw->name);
		msg_str(&m, "' line (first at line ");
		msg_uint(&m, p->kw_line[which]);
		msg_char(&m, ')');
		return ST_INVAL;
	}
	p->kw_line[which] = ln->no;
	st = parse_pairs(p, kw, ln, 1, &seen, p->scn);
	if (!st)
		st = check_keys(p, kw, ln, &seen, (int)p->scn->model);
	if (!st && which == KW_POLICY)
		st = check_policy(p, ln, &seen);
	if (!st && which == KW_MACHINE && p->scn->machine_memory == 0)
		st = fail_plain(p, ln->no, seen.col[0],
				"machine memory must be more than 0");
	if (!st && which == KW_SWAP)
		p->swap_size_given = seen.mask & 1u;
	return st;
}

static int parse_line(struct parser *p, const struct line *ln)
{
	const struct token *t = &ln->tok[0];

	for (int k = 0; k < KW_COUNT; k++) {
		if (!tok_is(t, keywords[k].name))
			continue;
		if (k == KW_GUEST)
			return parse_guest(p, ln);
		return parse_single(p, (enum keyword)k, ln);
	}
	return fail_tok(p, ln->no, t, "unknown keyword ",
			" (machine, policy, run, swap or guest)");
}

/* ---- the file ---- */

static void scenario_defaults(struct scenario *s)
{
	*s = (struct scenario){
		.model = SCN_MODEL_ESX,
		.soft_bp = 600, .hard_bp = 400, .low_bp = 200,
		.margin_bp = 100, .tax_bp = 7500, .max_balloon_bp = 6500,
		.tick_ms = 100,
		.seed = 1, .until_ms = 0, .limit_ms = 600000,
		.swap_bandwidth = 64ull << 20,
	};
}

/* Checks that need the whole file: required lines, admission control. */
static int check_file(struct parser *p)
{
	struct scenario *s = p->scn;
	uint64_t reserved = 0, swappable = 0;

	if (!p->kw_line[KW_MACHINE])
		return fail_plain(p, 1, 1,
				  "missing 'machine memory=SIZE' line");
	if (s->nguests == 0)
		return fail_plain(p, 1, 1,
				  "no guest: a scenario needs a 'guest' line");
	for (unsigned g = 0; g < s->nguests; g++) {
		reserved += s->guests[g].reservation;
		swappable += s->guests[g].memory - s->guests[g].reservation;
		if (reserved > s->machine_memory)
			return fail_plain(p, p->guest_line[g], 1,
					  "reservations add up to more than machine memory");
	}
	if (!p->swap_size_given)
		s->swap_size = swappable;
	return ST_OK;
}

int scn_parse(const char *text, size_t len, struct scenario *out,
	      struct scn_error *err)
{
	struct parser p = { .scn = out, .err = err };
	struct line ln = { 0 };
	size_t pos = 0;

	scenario_defaults(out);
	*err = (struct scn_error){ 0 };
	while (pos < len) {
		size_t end = pos;

		while (end < len && text[end] != '\n')
			end++;
		ln.no++;
		int st = split_line(&p, text + pos, end - pos, &ln);
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
