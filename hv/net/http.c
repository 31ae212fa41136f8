/* The HTTP/1.x request parser (see http.h). RFC 9112 sections 3 and 5
 * for the request line and header fields; RFC 9110 for the statuses. */
#include "hv/net/http.h"

#include "hv/lib/string.h"

/* One line of the header block, without its CRLF. */
struct span {
	const char *s;
	size_t len;
};

static enum http_result refuse(struct http_error *err, int status,
			       const char *reason)
{
	err->status = status;
	err->reason = reason;
	return HTTP_BAD;
}

/* The end of the header block (after its empty line), or 0 if not yet. */
static size_t head_end(const char *buf, size_t len)
{
	for (size_t i = 3; i < len; i++)
		if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' &&
		    buf[i - 3] == '\r')
			return i + 1;
	return 0;
}

/* tchar of RFC 9110 section 5.6.2. */
static bool is_tchar(char c)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	for (size_t i = 0; i < sizeof(extra) - 1; i++)
		if (c == extra[i])
			return true;
	return false;
}

static bool span_is(const struct span *t, const char *word)
{
	size_t n = strlen(word);

	return t->len == n && !memcmp(t->s, word, n);
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool span_is_nocase(const struct span *t, const char *word)
{
	size_t n = strlen(word);

	if (t->len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(t->s[i]) != word[i])
			return false;
	return true;
}

/* The next line of the block at *pos; false at the empty line. A bare LF
 * or CR inside a line makes the line malformed (len set to ~0). */
static bool next_line(const char *buf, size_t end, size_t *pos, struct span *ln)
{
	size_t i = *pos;

	ln->s = buf + i;
	while (i + 1 < end && !(buf[i] == '\r' && buf[i + 1] == '\n')) {
		if (buf[i] == '\r' || buf[i] == '\n') {
			ln->len = (size_t)-1;
			return true;
		}
		i++;
	}
	ln->len = (size_t)(buf + i - ln->s);
	*pos = i + 2;
	return ln->len != 0;
}

static enum http_result parse_method(const struct span *m,
				     struct http_request *req,
				     struct http_error *err)
{
	if (!m->len)
		return refuse(err, 400, "the request line is malformed");
	for (size_t i = 0; i < m->len; i++)
		if (!is_tchar(m->s[i]))
			return refuse(err, 400, "the method is not a token");
	if (span_is(m, "GET"))
		req->method = HTTP_GET;
	else if (span_is(m, "POST"))
		req->method = HTTP_POST;
	else
		return refuse(err, 405, "only GET and POST are served");
	return HTTP_DONE;
}

static enum http_result parse_target(const struct span *t,
				     struct http_request *req,
				     struct http_error *err)
{
	if (t->len > HTTP_TARGET_MAX)
		return refuse(err, 414, "the target is over 256 bytes");
	if (!t->len || t->s[0] != '/')
		return refuse(err, 400, "the target must be a path starting with /");
	for (size_t i = 0; i < t->len; i++)
		if (t->s[i] <= ' ' || t->s[i] >= 127)
			return refuse(err, 400, "the target has a control character or space");
	req->path = t->s;
	req->path_len = t->len;
	for (size_t i = 0; i < t->len; i++)
		if (t->s[i] == '?') {
			req->path_len = i;
			req->query = t->s + i + 1;
			req->query_len = t->len - i - 1;
			break;
		}
	return HTTP_DONE;
}

/* METHOD SP target SP HTTP/1.x, single spaces (RFC 9112 section 3). */
static enum http_result parse_request_line(const struct span *ln,
					   struct http_request *req,
					   struct http_error *err)
{
	struct span part[3];
	size_t start = 0, n = 0;
	enum http_result r;

	for (size_t i = 0; i <= ln->len; i++) {
		if (i < ln->len && ln->s[i] != ' ')
			continue;
		if (n == 3)
			return refuse(err, 400, "the request line is malformed");
		part[n++] = (struct span){ ln->s + start, i - start };
		start = i + 1;
	}
	if (n != 3)
		return refuse(err, 400, "the request line is malformed");
	r = parse_method(&part[0], req, err);
	if (r == HTTP_DONE)
		r = parse_target(&part[1], req, err);
	if (r != HTTP_DONE)
		return r;
	if (!span_is(&part[2], "HTTP/1.1") && !span_is(&part[2], "HTTP/1.0"))
		return refuse(err, 400, "only HTTP/1.0 and HTTP/1.1 are served");
	return HTTP_DONE;
}

static struct span trim(struct span v)
{
	while (v.len && (v.s[0] == ' ' || v.s[0] == '\t')) {
		v.s++;
		v.len--;
	}
	while (v.len && (v.s[v.len - 1] == ' ' || v.s[v.len - 1] == '\t'))
		v.len--;
	return v;
}

/* Decimal digits only, at most HTTP_BODY_MAX; *n set either way. */
static enum http_result parse_length(const struct span *v, size_t *n,
				     struct http_error *err)
{
	size_t x = 0;

	if (!v->len)
		return refuse(err, 400, "Content-Length is not a number");
	for (size_t i = 0; i < v->len; i++) {
		if (v->s[i] < '0' || v->s[i] > '9')
			return refuse(err, 400, "Content-Length is not a number");
		x = x * 10 + (size_t)(v->s[i] - '0');
		if (x > HTTP_BODY_MAX)
			return refuse(err, 413, "the body is over 4096 bytes");
	}
	*n = x;
	return HTTP_DONE;
}

static void parse_authorization(const struct span *v, struct http_request *req)
{
	struct span scheme = { v->s, v->len < 7 ? v->len : 7 };

	if (v->len > 7 && span_is_nocase(&scheme, "bearer ")) {
		struct span t = trim((struct span){ v->s + 7, v->len - 7 });

		req->bearer = t.s;
		req->bearer_len = t.len;
	}
}

/* One "name: value" field; the length goes to *length (-1: none yet). */
static enum http_result parse_field(const struct span *ln,
				    struct http_request *req, long *length,
				    struct http_error *err)
{
	size_t colon = 0;
	struct span name, value;
	size_t n;

	while (colon < ln->len && ln->s[colon] != ':') {
		if (!is_tchar(ln->s[colon]))
			return refuse(err, 400, "a header field name is malformed");
		colon++;
	}
	if (colon == ln->len || colon == 0)
		return refuse(err, 400, "a header field name is malformed");
	name = (struct span){ ln->s, colon };
	value = trim((struct span){ ln->s + colon + 1, ln->len - colon - 1 });
	if (span_is_nocase(&name, "transfer-encoding"))
		return refuse(err, 411, "send the body with Content-Length, not a transfer coding");
	if (span_is_nocase(&name, "authorization"))
		parse_authorization(&value, req);
	if (span_is_nocase(&name, "content-type")) {
		req->type = value.s;
		req->type_len = value.len;
	}
	if (!span_is_nocase(&name, "content-length"))
		return HTTP_DONE;
	if (parse_length(&value, &n, err) != HTTP_DONE)
		return HTTP_BAD;
	if (*length >= 0 && (size_t)*length != n)
		return refuse(err, 400, "two different Content-Length fields");
	*length = (long)n;
	return HTTP_DONE;
}

static enum http_result parse_head(const char *buf, size_t end,
				   struct http_request *req, long *length,
				   struct http_error *err)
{
	size_t pos = 0;
	unsigned fields = 0;
	struct span ln;

	if (!next_line(buf, end, &pos, &ln) || ln.len == (size_t)-1)
		return refuse(err, 400, "the request line is malformed");
	if (parse_request_line(&ln, req, err) != HTTP_DONE)
		return HTTP_BAD;
	while (next_line(buf, end, &pos, &ln)) {
		if (ln.len == (size_t)-1)
			return refuse(err, 400, "lines must end with CRLF");
		if (++fields > HTTP_HEADERS_MAX)
			return refuse(err, 431, "more than 32 header fields");
		if (parse_field(&ln, req, length, err) != HTTP_DONE)
			return HTTP_BAD;
	}
	return HTTP_DONE;
}

enum http_result http_parse(const char *buf, size_t len,
			    struct http_request *req, struct http_error *err)
{
	size_t end = head_end(buf, len < HTTP_HEAD_MAX ? len : HTTP_HEAD_MAX);
	long length = -1;

	*req = (struct http_request){ 0 };
	if (!end)
		return len >= HTTP_HEAD_MAX
			? refuse(err, 431, "the request line and header fields are over 4096 bytes")
			: HTTP_MORE;
	if (parse_head(buf, end, req, &length, err) != HTTP_DONE)
		return HTTP_BAD;
	if (length < 0 && req->method == HTTP_POST)
		return refuse(err, 411, "a POST needs Content-Length");
	if (length < 0)
		length = 0;
	if (len - end < (size_t)length)
		return HTTP_MORE;
	req->body = buf + end;
	req->body_len = (size_t)length;
	req->total = end + (size_t)length;
	return HTTP_DONE;
}

const char *http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 202: return "Accepted";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	default: return "Error";
	}
}
