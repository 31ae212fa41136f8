/*
 * The plane's HTTP server on lwIP's raw TCP API: a few connections at a
 * time, one request each (the response closes it). Requests go through
 * http_parse (http.h); a refusal is answered with its status and reason.
 * A client that sends too little for too long is answered 408; a pool
 * that is full refuses the connection; nothing a client sends stalls the
 * poll that serves it.
 */
#ifndef HV_NET_SERVER_H
#define HV_NET_SERVER_H

#include "hv/net/http.h"
#include "hv/net/pages.h"

struct response {
	int status;
	const char *type;       /* Content-Type */
	const char *body;       /* a static text, or page.buf */
	size_t len;
	struct page page;       /* a buffer the handler may render into */
};

typedef void (*http_handler)(const struct http_request *req,
			     struct response *res);

/* Listens on port; ST_NOMEM when lwIP has no room for the listener. */
int server_start(uint16_t port, http_handler handler);
/* A refusal as the server sends it: status, and the reason as text. */
void response_error(struct response *res, int status, const char *reason);

#endif
