/*
 * A control's JSON body (see control_json.h). Only what a control needs of
 * JSON is read: one object of string and whole-number members, strings
 * without escapes; anything else is refused by name.
 */
#include "hv/net/control_json.h"

#include "hv/lib/string.h"

struct reader {
	const char *s;
	size_t len, pos;
};

struct member {
	const char *str;        /* a string's bytes, or NULL for a number */
	size_t str_len;
	uint64_t num;
};

struct fields {
	struct member control, guest, value;
	bool has_control, has_guest, has_value;
};

static int refuse(struct http_error *err, int status, const char *reason)
{
	err->status = status;
	err->reason = reason;
	return ST_INVAL;
}

static void skip_ws(struct reader *r)
{
	while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' ||
				   r->s[r->pos] == '\n' || r->s[r->pos] == '\r'))
		r->pos++;
}

/* Consumes ch after any white space. */
static bool eat(struct reader *r, char ch)
{
	skip_ws(r);
	if (r->pos < r->len && r->s[r->pos] == ch) {
		r->pos++;
		return true;
	}
	return false;
}

static int read_string(struct reader *r, struct member *m,
		       struct http_error *err)
{
	size_t start;

	if (!eat(r, '"'))
		return refuse(err, 400, "the body is not JSON: a string was expected");
	start = r->pos;
	while (r->pos < r->len && r->s[r->pos] != '"') {
		unsigned char ch = (unsigned char)r->s[r->pos];

		if (ch == '\\' || ch < 0x20 || ch >= 0x7f)
			return refuse(err, 400, "strings in a control are plain ASCII, without escapes");
		r->pos++;
	}
	if (r->pos == r->len)
		return refuse(err, 400, "the body is not JSON: a string is not closed");
	m->str = r->s + start;
	m->str_len = r->pos - start;
	r->pos++;
	return ST_OK;
}

static int read_number(struct reader *r, struct member *m,
		       struct http_error *err)
{
	size_t start = r->pos;

	m->str = NULL;
	m->num = 0;
	while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9') {
		unsigned d = (unsigned)(r->s[r->pos] - '0');

		if (m->num > (UINT64_MAX - d) / 10)
			return refuse(err, 422, "a value is too large");
		m->num = m->num * 10 + d;
		r->pos++;
	}
	if (r->pos == start)
		return refuse(err, 400, "a value must be a string or a whole number");
	if (r->s[start] == '0' && r->pos - start > 1)
		return refuse(err, 400, "the body is not JSON: a number has a leading zero");
	if (r->pos < r->len && (r->s[r->pos] == '.' || r->s[r->pos] == 'e' ||
				r->s[r->pos] == 'E'))
		return refuse(err, 400, "a value must be a whole number");
	return ST_OK;
}

static int read_value(struct reader *r, struct member *m,
		      struct http_error *err)
{
	skip_ws(r);
	if (r->pos < r->len && r->s[r->pos] == '"')
		return read_string(r, m, err);
	return read_number(r, m, err);
}

static bool key_is(const struct member *k, const char *word)
{
	return k->str_len == strlen(word) && !memcmp(k->str, word, k->str_len);
}

/* Which of the three members the key names; NULL: none. */
static struct member *slot(struct fields *f, const struct member *k,
			   bool **seen)
{
	if (key_is(k, "control")) {
		*seen = &f->has_control;
		return &f->control;
	}
	if (key_is(k, "guest")) {
		*seen = &f->has_guest;
		return &f->guest;
	}
	if (key_is(k, "value")) {
		*seen = &f->has_value;
		return &f->value;
	}
	return NULL;
}

static int read_member(struct reader *r, struct fields *f,
		       struct http_error *err)
{
	struct member key, *m;
	bool *seen = NULL;

	if (read_string(r, &key, err) != ST_OK)
		return ST_INVAL;
	m = slot(f, &key, &seen);
	if (!m)
		return refuse(err, 400, "a control has only the members control, guest and value");
	if (*seen)
		return refuse(err, 400, "a member is given twice");
	*seen = true;
	if (!eat(r, ':'))
		return refuse(err, 400, "the body is not JSON: ':' was expected");
	return read_value(r, m, err);
}

static int read_object(struct reader *r, struct fields *f,
		       struct http_error *err)
{
	if (!eat(r, '{'))
		return refuse(err, 400, "the body is not a JSON object");
	if (!eat(r, '}')) {
		do {
			if (read_member(r, f, err) != ST_OK)
				return ST_INVAL;
		} while (eat(r, ','));
		if (!eat(r, '}'))
			return refuse(err, 400, "the body is not JSON: ',' or '}' was expected");
	}
	skip_ws(r);
	if (r->pos != r->len)
		return refuse(err, 400, "the body has more after its JSON object");
	return ST_OK;
}

static bool is_guest_kind(enum control_kind k)
{
	return k != CONTROL_SQUEEZE && k != CONTROL_RELEASE;
}

static int find_guest(const struct scenario *scn, const struct member *m,
		      unsigned *guest, struct http_error *err)
{
	if (!m->str)
		return refuse(err, 400, "\"guest\" must be a guest's name as a string");
	for (unsigned i = 0; i < scn->nguests; i++) {
		const char *name = scn->guests[i].name;

		if (strlen(name) == m->str_len && !memcmp(name, m->str, m->str_len)) {
			*guest = i;
			return ST_OK;
		}
	}
	return refuse(err, 404, "no guest of the scenario has that name");
}

/* The value in the control's unit: shares, or bytes made pages. */
static int take_value(const struct fields *f, struct control *c,
		      struct http_error *err)
{
	bool wants = c->kind != CONTROL_PAUSE && c->kind != CONTROL_RESUME;

	if (!wants)
		return f->has_value ? refuse(err, 400, "pause and resume take no value") : ST_OK;
	if (!f->has_value || f->value.str)
		return refuse(err, 400, "this control needs \"value\", a whole number");
	if (c->kind == CONTROL_SHARES) {
		if (!f->value.num || f->value.num > SCN_MAX_SHARES)
			return refuse(err, 422, "shares must be 1 to 1000000");
		c->value = f->value.num;
		return ST_OK;
	}
	if (f->value.num & (PAGE_SIZE - 1))
		return refuse(err, 422, "a size must be a whole number of 4096-byte pages");
	c->value = f->value.num >> PAGE_SHIFT;
	return ST_OK;
}

static int build(const struct fields *f, const struct scenario *scn,
		 struct control *c, struct http_error *err)
{
	if (!f->has_control || !f->control.str)
		return refuse(err, 400, "\"control\" must name one: shares, limit, reservation, squeeze, release, pause or resume");
	c->kind = control_kind_of(f->control.str, f->control.str_len);
	if (c->kind == CONTROL_NKINDS)
		return refuse(err, 400, "no such control: shares, limit, reservation, squeeze, release, pause or resume");
	c->guest = 0;
	if (is_guest_kind(c->kind)) {
		if (!f->has_guest)
			return refuse(err, 400, "this control needs \"guest\"");
		if (find_guest(scn, &f->guest, &c->guest, err) != ST_OK)
			return ST_INVAL;
	} else if (f->has_guest) {
		return refuse(err, 400, "squeeze and release are of the machine: no \"guest\"");
	}
	return take_value(f, c, err);
}

int control_parse(const char *body, size_t len, const struct scenario *scn,
		  struct control *c, struct http_error *err)
{
	struct reader r = { body, len, 0 };
	struct fields f = { .has_control = false };

	if (read_object(&r, &f, err) != ST_OK)
		return ST_INVAL;
	return build(&f, scn, c, err);
}
