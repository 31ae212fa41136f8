/*
 * The management plane (see net.h, plane.h): the NIC and the server
 * started, and what each path serves, all of it read from the trace so
 * far.
 */
#include "hv/net/plane.h"

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/memctl.h"
#include "hv/core/trace.h"
#include "hv/lib/string.h"
#include "hv/net/control_json.h"
#include "hv/net/link.h"
#include "hv/net/server.h"

#define HTTP_PORT 80

extern const char dashboard_html[], dashboard_html_end[];
extern const char chart_js[], chart_js_end[];

static bool on;
static const struct scenario *scn;
static const struct scn_net *cfg;
static struct tick_view view;

static bool path_is(const struct http_request *req, const char *path)
{
	size_t n = strlen(path);

	return req->path_len == n && !memcmp(req->path, path, n);
}

static void serve_static(struct response *res, const char *type,
			 const char *start, const char *end)
{
	res->status = 200;
	res->type = type;
	res->body = start;
	res->len = (size_t)(end - start);
}

static void serve_trace(struct response *res)
{
	res->status = 200;
	res->type = "text/csv; charset=utf-8";
	res->body = trace_text(&res->len);
}

static void serve_tick(struct response *res, bool metrics)
{
	size_t len;
	const char *t = trace_text(&len);

	tick_view_read(t, len, &view);
	res->status = 200;
	if (metrics) {
		res->type = "text/plain; version=0.0.4; charset=utf-8";
		pages_metrics(&view, &res->page);
	} else {
		res->type = "application/json";
		pages_state(&view, &res->page);
	}
	res->body = res->page.buf;
	res->len = res->page.len;
}

/* The pages a GET may ask for; false for any other path. */
static bool serve_get(const struct http_request *req, struct response *res)
{
	if (path_is(req, "/") || path_is(req, "/index.html"))
		serve_static(res, "text/html; charset=utf-8", dashboard_html,
			     dashboard_html_end);
	else if (path_is(req, "/chart.js"))
		serve_static(res, "text/javascript", chart_js, chart_js_end);
	else if (path_is(req, "/metrics"))
		serve_tick(res, true);
	else if (path_is(req, "/api/v1/state"))
		serve_tick(res, false);
	else if (path_is(req, "/api/v1/trace.csv"))
		serve_trace(res);
	else
		return false;
	return true;
}

static bool token_ok(const struct http_request *req)
{
	size_t n = strlen(cfg->token);

	return req->bearer && req->bearer_len == n &&
	       !memcmp(req->bearer, cfg->token, n);
}

static bool type_is_json(const struct http_request *req)
{
	static const char json[] = "application/json";
	size_t n = sizeof(json) - 1;

	/* Parameters (a charset) may follow. */
	return req->type && req->type_len >= n && !memcmp(req->type, json, n) &&
	       (req->type_len == n || req->type[n] == ';' || req->type[n] == ' ');
}

static void queued(struct response *res)
{
	res->status = 202;
	res->type = "application/json";
	res->page.len = 0;
	page_str(&res->page, "{\"queued\":true,\"at_tick_ms\":");
	page_u64(&res->page, memctl_next_tick_ms());
	page_str(&res->page, "}\n");
	res->body = res->page.buf;
	res->len = res->page.len;
}

/* A control, queued for the next tick; checked in the order a client can
 * mend them: the token, the path, the type, the body, then the run. */
static void serve_control(const struct http_request *req,
			  struct response *res)
{
	struct control c;
	struct http_error err;
	const char *why = NULL;
	int st;

	if (!type_is_json(req)) {
		response_error(res, 415, "a control's body is JSON: send Content-Type: application/json");
		return;
	}
	if (control_parse(req->body, req->body_len, scn, &c, &err) != ST_OK) {
		response_error(res, err.status, err.reason);
		return;
	}
	st = memctl_control(&c, &why);
	if (st == ST_OK)
		queued(res);
	else
		response_error(res, st == ST_EXIST ? 409 : st == ST_FULL ? 429 : 422,
			       why);
}

static void serve_post(const struct http_request *req, struct response *res)
{
	if (!req->bearer)
		response_error(res, 401, "a control needs Authorization: Bearer <the scenario's net token>");
	else if (!token_ok(req))
		response_error(res, 403, "the token is not the scenario's");
	else if (!path_is(req, "/api/v1/control"))
		response_error(res, 404, "no such control: POST controls to /api/v1/control");
	else
		serve_control(req, res);
}

static void handle(const struct http_request *req, struct response *res)
{
	if (req->method == HTTP_POST)
		serve_post(req, res);
	else if (!serve_get(req, res))
		response_error(res, 404, "no such page: the plane serves /, /metrics, /api/v1/state and /api/v1/trace.csv");
}

static int start(void)
{
	int st = link_start();

	if (st == ST_OK)
		st = server_start(HTTP_PORT, handle);
	return st;
}

static void report(int st)
{
	const struct e1000 *nic = link_nic();

	if (st != ST_OK) {
		printk("ballast: net: no e1000 to serve on (status %d): the run goes on without the plane\n",
		       st);
		return;
	}
	printk("ballast: net: e1000 at 0x%lx, MAC %02x:%02x:%02x:%02x:%02x:%02x; serving on 10.0.2.15:%d (host port %u)\n",
	       nic->bar, nic->mac[0], nic->mac[1], nic->mac[2], nic->mac[3],
	       nic->mac[4], nic->mac[5], HTTP_PORT, cfg->port);
	on = true;
}

void plane_start(const struct scenario *run)
{
	scn = run;
	cfg = &run->net;
	report(start());
}

void plane_poll(void)
{
	if (on)
		link_poll();
}

/* After the run: its clock no longer matters. */
void plane_linger(void)
{
	uint64_t end;

	if (!on || !cfg->linger_ms)
		return;
	printk("ballast: net: the run is over; serving for %lu ms more\n",
	       cfg->linger_ms);
	end = clock_ms() + cfg->linger_ms;
	while (clock_ms() < end)
		link_poll();
}
