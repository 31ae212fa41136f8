/*
 * libFuzzer target for what a network client hands the management plane
 * (hv/net/http.c, hv/net/pages.c): any bytes as a request, fed whole and
 * cut at every split the first byte picks, and as a trace the pages are
 * made from, and as a control's JSON body (hv/net/control_json.c), which
 * is parsed and, when it parses, checked against a small run
 * (hv/mm/control.c). A request is asked to wait, accepted or refused with a 4xx
 * and a reason; an accepted one lies inside what was sent. Never a crash
 * or a read past the input.
 */
#include "hv/net/control_json.h"
#include "hv/net/http.h"
#include "hv/net/pages.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		abort();
}

static void check_request(const char *buf, size_t len)
{
	struct http_request req;
	struct http_error err;
	enum http_result r = http_parse(buf, len, &req, &err);

	if (r == HTTP_BAD) {
		must(err.status >= 400 && err.status < 500 && err.reason);
		return;
	}
	if (r != HTTP_DONE)
		return;
	must(req.total <= len && req.total <= HTTP_REQUEST_MAX);
	must(req.path >= buf && req.path + req.path_len <= buf + len);
	must(req.path_len >= 1 && req.path[0] == '/');
	must(req.body + req.body_len == buf + req.total);
	must(!req.bearer || req.bearer + req.bearer_len <= buf + len);
}

static void check_pages(const char *buf, size_t len)
{
	static struct tick_view v;
	static char out[8192];
	struct page p = { out, sizeof(out), 0, false };

	if (tick_view_read(buf, len, &v) != ST_OK)
		v.nrows = 0;
	pages_metrics(&v, &p);
	must(p.len <= sizeof(out));
	p.len = 0;
	pages_state(&v, &p);
	must(p.len <= sizeof(out));
}

/* Two guests of 16 MiB on 40 MiB, as tests/integration/net-control/net-control.scn. */
static void check_control(const char *buf, size_t len)
{
	static struct scenario scn = {
		.nguests = 2,
		.guests = { { .name = "a", .memory = 16 << 20 },
			    { .name = "b", .memory = 16 << 20 } },
	};
	static struct reclaim r = { .scn = &scn, .n = 2,
				    .policy = { .total_pages = 10240 } };
	static struct control_state s;
	struct control c;
	struct http_error err;
	const char *why;

	r.pg[0].limit = r.pg[1].limit = 4096;
	if (control_parse(buf, len, &scn, &c, &err) != ST_OK) {
		must(err.status >= 400 && err.status < 500 && err.reason);
		return;
	}
	must(c.kind < CONTROL_NKINDS && c.guest < scn.nguests);
	if (control_check(&s, &r, &c, 100, &why) == CONTROL_OK)
		control_apply(&s, &r, &c, c.value);
	else
		must(why != NULL);
	must(r.pg[0].reservation <= r.pg[0].limit);
	must(r.pg[1].reservation <= r.pg[1].limit);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf;

	if (!size)
		return 0;
	/* A copy of exactly the input, so that ASan sees any read past it. */
	buf = malloc(size - 1 ? size - 1 : 1);
	memcpy(buf, data + 1, size - 1);
	check_request(buf, size - 1);
	check_request(buf, (size - 1) * data[0] / 255);
	check_pages(buf, size - 1);
	check_control(buf, size - 1);
	free(buf);
	return 0;
}
