/* The HTTP server on lwIP's raw TCP API (see server.h). */
#include "hv/net/server.h"

#include "lwip/tcp.h"

#include "hv/lib/print.h"
#include "hv/lib/string.h"

#define CONNS 4
#define PAGE_MAX (64u << 10)
#define HEAD_MAX 256
#define POLL_INTERVAL 2         /* lwIP's coarse timer: 2 x 500 ms */
#define IDLE_POLLS 3            /* about 3 s without progress */

struct conn {
	struct tcp_pcb *pcb;
	char req[HTTP_REQUEST_MAX];
	size_t req_len;
	bool responding;
	unsigned idle;
	char head[HEAD_MAX];
	size_t head_len, head_sent;
	const char *body;
	size_t body_len, body_sent;
	char page[PAGE_MAX];
};

static struct conn conns[CONNS];
static http_handler handle;

void response_error(struct response *res, int status, const char *reason)
{
	res->status = status;
	res->type = "text/plain; charset=utf-8";
	res->page.len = 0;
	page_str(&res->page, http_status_text(status));
	page_str(&res->page, ": ");
	page_str(&res->page, reason);
	page_str(&res->page, "\n");
	res->body = res->page.buf;
	res->len = res->page.len;
}

static void conn_free(struct conn *c)
{
	if (c->pcb) {
		tcp_arg(c->pcb, NULL);
		tcp_recv(c->pcb, NULL);
		tcp_sent(c->pcb, NULL);
		tcp_err(c->pcb, NULL);
		tcp_poll(c->pcb, NULL, 0);
	}
	c->pcb = NULL;
}

/* Closes once everything is queued; lwIP sends the rest, then FIN. */
static err_t conn_close(struct conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	conn_free(c);
	if (tcp_close(pcb) != ERR_OK) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	return ERR_OK;
}

/* Queues what the send buffer takes of one part of the response. */
static bool queue(struct conn *c, const char *s, size_t len, size_t *sent)
{
	while (*sent < len) {
		size_t n = len - *sent, room = tcp_sndbuf(c->pcb);

		if (n > room)
			n = room;
		if (n > 0xffff)
			n = 0xffff;
		if (!n || tcp_write(c->pcb, s + *sent, (u16_t)n,
				    TCP_WRITE_FLAG_COPY) != ERR_OK)
			return false;
		*sent += n;
	}
	return true;
}

static err_t send_more(struct conn *c)
{
	bool done = queue(c, c->head, c->head_len, &c->head_sent) &&
		    queue(c, c->body, c->body_len, &c->body_sent);

	tcp_output(c->pcb);
	c->idle = 0;
	return done ? conn_close(c) : ERR_OK;
}

static err_t respond(struct conn *c, const struct http_request *req,
		     const struct http_error *err)
{
	struct response res = { .page = { c->page, sizeof(c->page), 0, false } };

	if (req)
		handle(req, &res);
	else
		response_error(&res, err->status, err->reason);
	c->responding = true;
	c->body = res.body;
	c->body_len = res.len;
	c->head_len = (size_t)format(c->head, sizeof(c->head),
		"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		"Cache-Control: no-store\r\nConnection: close\r\n\r\n",
		res.status, http_status_text(res.status), res.type, res.len);
	return send_more(c);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t e)
{
	struct conn *c = arg;
	struct http_request req;
	struct http_error err;
	size_t n;

	if (!p || e != ERR_OK) {
		if (p)
			pbuf_free(p);
		return conn_close(c);
	}
	tcp_recved(pcb, p->tot_len);
	n = sizeof(c->req) - c->req_len;
	if (c->responding || !n) {
		pbuf_free(p); /* one request a connection: the rest is dropped */
		return ERR_OK;
	}
	if (n > p->tot_len)
		n = p->tot_len;
	c->req_len += pbuf_copy_partial(p, c->req + c->req_len, (u16_t)n, 0);
	pbuf_free(p);
	c->idle = 0;
	switch (http_parse(c->req, c->req_len, &req, &err)) {
	case HTTP_DONE:
		return respond(c, &req, NULL);
	case HTTP_BAD:
		return respond(c, NULL, &err);
	default:
		return ERR_OK;
	}
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)pcb;
	(void)len;
	return send_more(arg);
}

/* A slow client: answered 408 once it has been idle too long; a
 * response the client does not take is given up. */
static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
	struct conn *c = arg;
	static const struct http_error slow = {
		408, "the request did not arrive in time"
	};

	if (++c->idle < IDLE_POLLS)
		return ERR_OK;
	if (!c->responding)
		return respond(c, NULL, &slow);
	conn_free(c);
	tcp_abort(pcb);
	return ERR_ABRT;
}

static void on_err(void *arg, err_t e)
{
	struct conn *c = arg;

	(void)e;
	if (c)
		c->pcb = NULL; /* lwIP has freed it */
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t e)
{
	(void)arg;
	if (e != ERR_OK || !pcb)
		return ERR_VAL;
	for (unsigned i = 0; i < CONNS; i++) {
		struct conn *c = &conns[i];

		if (c->pcb)
			continue;
		c->pcb = pcb;
		c->req_len = 0;
		c->responding = false;
		c->idle = 0;
		c->head_sent = c->body_sent = 0;
		tcp_arg(pcb, c);
		tcp_recv(pcb, on_recv);
		tcp_sent(pcb, on_sent);
		tcp_err(pcb, on_err);
		tcp_poll(pcb, on_poll, POLL_INTERVAL);
		return ERR_OK;
	}
	tcp_abort(pcb); /* every connection is taken */
	return ERR_ABRT;
}

int server_start(uint16_t port, http_handler handler)
{
	struct tcp_pcb *pcb = tcp_new();

	handle = handler;
	if (!pcb)
		return ST_NOMEM;
	if (tcp_bind(pcb, IP_ADDR_ANY, port) != ERR_OK) {
		tcp_close(pcb);
		return ST_INVAL;
	}
	pcb = tcp_listen_with_backlog(pcb, CONNS);
	if (!pcb)
		return ST_NOMEM;
	tcp_accept(pcb, on_accept);
	return ST_OK;
}
