/*
 * The management plane's HTTP/1.x request parser: pure code, with no
 * allocation and no lwIP, so that it is tested and fuzzed on the host
 * (tests/unit/test_http.c, tests/fuzz/fuzz_http.c). It reads what a client
 * sent so far and says: wait for more, a complete request, or a refusal
 * with its 4xx status and a reason to send back. Whatever the bytes, it
 * reads no further than len and takes time linear in len.
 */
#ifndef HV_NET_HTTP_H
#define HV_NET_HTTP_H

#include "hv/lib/types.h"

#define HTTP_HEAD_MAX 4096      /* request line and headers */
#define HTTP_BODY_MAX 4096
#define HTTP_REQUEST_MAX (HTTP_HEAD_MAX + HTTP_BODY_MAX)
#define HTTP_TARGET_MAX 256
#define HTTP_HEADERS_MAX 32

enum http_method { HTTP_GET, HTTP_POST };

enum http_result {
	HTTP_MORE,      /* incomplete: wait for more bytes */
	HTTP_DONE,      /* *req holds a complete request */
	HTTP_BAD,       /* *err says why it is refused */
};

/* Pointers into the caller's buffer, valid while it is. */
struct http_request {
	enum http_method method;
	const char *path;       /* the target up to '?' */
	size_t path_len;
	const char *query;      /* after '?', or NULL */
	size_t query_len;
	const char *bearer;     /* Authorization: Bearer <this>, or NULL */
	size_t bearer_len;
	const char *type;       /* Content-Type, or NULL */
	size_t type_len;
	const char *body;
	size_t body_len;
	size_t total;           /* bytes of buf the request took */
};

struct http_error {
	int status;             /* 400, 405, 411, 413, 414 or 431 */
	const char *reason;     /* one sentence, for the response's body */
};

enum http_result http_parse(const char *buf, size_t len,
			    struct http_request *req, struct http_error *err);
/* The status line's words for a status this server sends. */
const char *http_status_text(int status);

#endif
