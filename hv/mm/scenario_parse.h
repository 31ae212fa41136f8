/*
 * The scenario parser's parts (grammar in scenario.h), split by what a
 * student changes:
 *   scenario_keys.c    the key schema and the defaults: every keyword, key,
 *                      kind of value and name a file may use
 *   scenario_values.c  value syntax: sizes, percentages, times, counts
 *   scenario_lex.c     lines into tokens, and the error messages
 *   scenario.c         the parser: lines, keys, and every consistency check
 * Private to hv/mm/scenario*.c.
 */
#ifndef HV_MM_SCENARIO_PARSE_H
#define HV_MM_SCENARIO_PARSE_H

#include "hv/mm/scenario.h"

#define MAX_TOKENS 24
#define MAX_KEYS 20
#define QUOTE_MAX 24            /* bytes of a token quoted in a message */
#define ANY (-1)                /* a key that applies to every selection */

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
	K_COUNT,        /* uint32_t, 1..SCN_MAX_SHARES */
	K_SEED,         /* uint64_t, any value: a seed, a count that may be 0 */
	K_ONOFF,        /* bool */
	K_MODEL,        /* enum policy_model */
	K_WORKLOAD,     /* enum guest_workload */
	K_ATTACK,       /* enum guest_attack */
	K_UNTIL,        /* all-exited or a time */
	K_PORT,         /* uint32_t, a TCP port 1..SCN_MAX_PORT */
	K_TOKEN,        /* char[SCN_TOKEN_MAX + 1]: letters, digits, - and _ */
};

struct key_def {
	const char *name;
	enum kind kind;
	size_t offset;          /* into struct scenario or struct scn_guest */
	int only;               /* valid only for this model/workload, or ANY */
	bool required;          /* required (when `only` applies) */
};

enum keyword { KW_MACHINE, KW_POLICY, KW_RUN, KW_SWAP, KW_GUEST, KW_NET,
	       KW_COUNT };

struct keyword_def {
	const char *name;
	const struct key_def *keys;
	unsigned nkeys;
	const char *selector;   /* the key whose value `only` refers to */
};

/* A closed set of names a value picks from, in the order of its enum. */
struct choice {
	const char *const *names;
	unsigned n;
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

/* scenario_keys.c */
extern const struct keyword_def scn_keywords[KW_COUNT];
extern const struct choice scn_models, scn_workloads, scn_onoff, scn_attacks;
void scn_defaults(struct scenario *s);
void scn_guest_defaults(struct scn_guest *g, const struct token *name);
uint32_t scn_default_shares(uint64_t memory);
/* Index of key k in kw's table, or -1. */
int scn_find_key(const struct keyword_def *kw, const struct token *k);

/* scenario_values.c: each parses v by its kind into the field def names
 * at base, or fails with a message about v. */
int scn_parse_value(struct parser *p, unsigned line,
		    const struct key_def *def, const struct token *v,
		    void *base);

/* scenario_lex.c */
int scn_split_line(struct parser *p, const char *s, size_t len,
		   struct line *ln);
bool tok_is(const struct token *t, const char *word);
struct token tok_of(const char *word);
struct token tok_sub(const struct token *t, size_t from, size_t to);
/* Fails at line:col with a message formatted as by format(); a token's
 * text goes in through scn_quote. Returns ST_INVAL. */
int scn_fail(struct parser *p, unsigned line, unsigned col, const char *fmt,
	     ...) __attribute__((format(printf, 4, 5)));
/* The common shape "<before>'<token>'<after>", at the token. */
int scn_fail_tok(struct parser *p, unsigned line, const struct token *t,
		 const char *before, const char *after);
/* t as a message shows it: quoted, printable, at most QUOTE_MAX bytes. */
struct quoted {
	char s[QUOTE_MAX + 6];
};
struct quoted scn_quote(const struct token *t);
/* prefix, then the names of c as "a, b, c<last>d", for a message. */
struct name_list {
	char s[192];
};
struct name_list scn_list(const char *prefix, const struct choice *c,
			  const char *last);

#endif
