/*
 * The management plane's pure parts: the HTTP request parser (one test per
 * class of refusal, each with its status and reason) and the pages made
 * from a trace (the last tick's rows, as metrics and as JSON).
 */
#include "hv/net/http.h"
#include "hv/net/pages.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <string.h>

static struct http_request req;
static struct http_error err;

static enum http_result parse(const char *text)
{
	return http_parse(text, strlen(text), &req, &err);
}

static void expect_refusal(const char *text, int status, const char *words)
{
	enum http_result r = parse(text);

	CHECK(r == HTTP_BAD);
	CHECK(err.status == status);
	CHECK(err.reason && strstr(err.reason, words) != NULL);
	if (r != HTTP_BAD || err.status != status || !strstr(err.reason, words))
		printf("#   got %d %d %s\n", r, err.status, r == HTTP_BAD ? err.reason : "");
}

static bool path_is(const char *p)
{
	return req.path_len == strlen(p) && !memcmp(req.path, p, req.path_len);
}

static void test_get(void)
{
	const char *text = "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";

	CHECK(parse(text) == HTTP_DONE);
	CHECK(req.method == HTTP_GET && path_is("/metrics"));
	CHECK(req.query == NULL && req.bearer == NULL && req.body_len == 0);
	CHECK(req.total == strlen(text));
	CHECK(parse("GET /api/v1/state?x=1 HTTP/1.0\r\n\r\n") == HTTP_DONE);
	CHECK(path_is("/api/v1/state") && req.query_len == 3 &&
	      !memcmp(req.query, "x=1", 3));
}

static void test_post(void)
{
	const char *text = "POST /api/v1/control HTTP/1.1\r\n"
			   "authorization: Bearer  abc-123 \r\n"
			   "Content-Length: 7\r\n\r\n{\"a\":1}";

	CHECK(parse(text) == HTTP_DONE);
	CHECK(req.method == HTTP_POST && path_is("/api/v1/control"));
	CHECK(req.bearer_len == 7 && !memcmp(req.bearer, "abc-123", 7));
	CHECK(req.body_len == 7 && !memcmp(req.body, "{\"a\":1}", 7));
}

/* Each prefix of a good request asks for more, never refuses. */
static void test_incomplete(void)
{
	const char *text = "POST /x HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody";

	for (size_t n = 0; n < strlen(text); n++)
		CHECK(http_parse(text, n, &req, &err) == HTTP_MORE);
	CHECK(http_parse(text, strlen(text), &req, &err) == HTTP_DONE);
}

static void test_request_line(void)
{
	expect_refusal("GET\r\n\r\n", 400, "request line is malformed");
	expect_refusal("GET  / HTTP/1.1\r\n\r\n", 400, "request line");
	expect_refusal("GET / HTTP/1.1 x\r\n\r\n", 400, "request line");
	expect_refusal("G(T / HTTP/1.1\r\n\r\n", 400, "not a token");
	expect_refusal("PUT / HTTP/1.1\r\n\r\n", 405, "only GET and POST");
	expect_refusal("GET x HTTP/1.1\r\n\r\n", 400, "starting with /");
	expect_refusal("GET /\x01 HTTP/1.1\r\n\r\n", 400, "control character");
	expect_refusal("GET / HTTP/2.0\r\n\r\n", 400, "only HTTP/1.0 and HTTP/1.1");
	expect_refusal("GET / HTTP/1.1\n\r\n\r\n", 400, "malformed");
}

static void test_target_too_long(void)
{
	char text[600];

	snprintf(text, sizeof(text), "GET /%0300d HTTP/1.1\r\n\r\n", 0);
	expect_refusal(text, 414, "over 256 bytes");
}

static void test_fields(void)
{
	expect_refusal("GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400, "header field name");
	expect_refusal("GET / HTTP/1.1\r\n: empty\r\n\r\n", 400, "header field name");
	expect_refusal("GET / HTTP/1.1\r\nA: b\nC: d\r\n\r\n", 400, "CRLF");
	expect_refusal("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400,
		       "not a number");
	expect_refusal("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
		       400, "two different Content-Length");
	expect_refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411,
		       "transfer coding");
	expect_refusal("POST / HTTP/1.1\r\n\r\n", 411, "needs Content-Length");
}

static void test_sizes(void)
{
	char text[HTTP_HEAD_MAX + 200];
	size_t n;

	expect_refusal("POST / HTTP/1.1\r\nContent-Length: 4097\r\n\r\n", 413,
		       "over 4096 bytes");
	expect_refusal("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
		       413, "over 4096 bytes");
	n = (size_t)snprintf(text, sizeof(text), "GET / HTTP/1.1\r\nX: ");
	memset(text + n, 'a', sizeof(text) - n - 1);
	text[sizeof(text) - 1] = 0;
	expect_refusal(text, 431, "over 4096 bytes");
	n = (size_t)snprintf(text, sizeof(text), "GET / HTTP/1.1\r\n");
	for (int i = 0; i < 33; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "X%d: y\r\n", i);
	snprintf(text + n, sizeof(text) - n, "\r\n");
	expect_refusal(text, 431, "more than 32 header fields");
}

static const char trace[] =
	"t_ms,guest,state,free_pages,total_pages,granted_pages,"
	"balloon_target_pages,balloon_pages,swap_target_pages,swapped_pages,"
	"swap_in,swap_out,blocked,guest_avail_pages,guest_ws_pages,"
	"guest_major_faults,guest_lowmem_events,alloc_pages,active_pages,hv_pages,"
	"guest_hv_pages,guest_page_writes,guest_collections,io_wait,cpu_ms,"
	"steal_ms,disk_busy_pct\n"
	"0,a,high,100,200,10,0,0,0,0,0,0,0,5,5,0,0,10,10,7,3,0,0,0,0,0,0\n"
	"0,b,high,100,200,20,0,0,0,0,0,0,0,5,5,0,0,20,20,7,4,0,0,0,0,0,0\n"
	"50,a,soft,90,200,11,256,12,0,3,4,5,1,6,7,8,9,10,11,7,3,2,1,1,30,20,40\n"
	"50,b,soft,90,200,21,512,0,0,0,0,0,0,6,7,8,9,10,11,7,4,0,0,0,20,30,40\n"
	"100,a,low,8"; /* a row still being written */

static char out[16384];

static struct page fresh_page(void)
{
	memset(out, 0, sizeof(out));
	return (struct page){ out, sizeof(out) - 1, 0, false };
}

static void test_tick_view(void)
{
	static struct tick_view v;
	const char *body;

	CHECK(tick_view_read(trace, strlen(trace), &v) == ST_OK);
	CHECK(v.ncols == 27 && v.nrows == 2);
	CHECK(v.row[0][1].len == 1 && v.row[0][1].s[0] == 'a');
	CHECK(v.row[1][0].len == 2 && !memcmp(v.row[1][0].s, "50", 2));
	CHECK(tick_view_read(trace, 5, &v) == ST_NOENT);
	/* A trace whose header was flushed away: read with TRACE_HEADER. */
	body = strchr(trace, '\n') + 1;
	CHECK(tick_view_read(body, strlen(body), &v) == ST_OK);
	CHECK(v.ncols == 27 && v.nrows == 2);
}

static void test_metrics(void)
{
	static struct tick_view v;
	struct page p = fresh_page();

	tick_view_read(trace, strlen(trace), &v);
	pages_metrics(&v, &p);
	CHECK(!p.cut);
	CHECK(strstr(out, "# HELP ballast_guest_granted_bytes ") != NULL);
	CHECK(strstr(out, "# TYPE ballast_guest_granted_bytes gauge\n") != NULL);
	CHECK(strstr(out, "ballast_guest_granted_bytes{guest=\"a\"} 45056\n") != NULL);
	CHECK(strstr(out, "ballast_guest_balloon_target_bytes{guest=\"b\"} 2097152\n") != NULL);
	CHECK(strstr(out, "ballast_guest_swapped_bytes{guest=\"a\"} 12288\n") != NULL);
	CHECK(strstr(out, "# TYPE ballast_swap_in_pages_total counter\n") != NULL);
	CHECK(strstr(out, "ballast_swap_in_pages_total{guest=\"a\"} 4\n") != NULL);
	CHECK(strstr(out, "ballast_mem_state{state=\"soft\"} 1\n") != NULL);
	CHECK(strstr(out, "ballast_guest_hypervisor_bytes{guest=\"b\"} 16384\n") != NULL);
	CHECK(strstr(out, "ballast_mem_state{state=\"high\"} 0\n") != NULL);
	CHECK(strstr(out, "ballast_machine_free_bytes 368640\n") != NULL);
	CHECK(strstr(out, "ballast_run_time_seconds 0.050\n") != NULL);
	CHECK(strstr(out, "ballast_disk_busy_percent 40\n") != NULL);
	CHECK(strstr(out, "ballast_guest_steal_milliseconds_total{guest=\"b\"} 30\n") != NULL);
	CHECK(strstr(out, "# TYPE ballast_guest_io_wait gauge\n") != NULL);
	p = (struct page){ out, 100, 0, false };
	pages_metrics(&v, &p);
	CHECK(p.cut && p.len == 100);
}

static void test_state(void)
{
	static struct tick_view v;
	struct page p = fresh_page();

	tick_view_read(trace, strlen(trace), &v);
	pages_state(&v, &p);
	CHECK(strncmp(out, "{\"t_ms\":50,\"state\":\"soft\",\"free_pages\":90,"
		      "\"total_pages\":200,\"hv_pages\":7,\"guests\":[{\"guest\":\"a\","
		      "\"granted_pages\":11,", 115) == 0);
	CHECK(strstr(out, "{\"guest\":\"b\",\"granted_pages\":21,") != NULL);
	CHECK(strcmp(out + strlen(out) - 3, "}]}") == 0 || strstr(out, "}]}\n"));
	p = fresh_page();
	v.nrows = 0;
	pages_state(&v, &p);
	CHECK(strcmp(out, "{\"guests\":[]}\n") == 0);
}

/* A name with characters JSON or a label would need escaped. */
static void test_names_escaped(void)
{
	static const char t[] = "t_ms,guest,state\n5,a\"b\\c,high\n";
	static struct tick_view v;
	struct page p = fresh_page();

	CHECK(tick_view_read(t, strlen(t), &v) == ST_OK);
	pages_state(&v, &p);
	CHECK(strstr(out, "\"guest\":\"a_b_c\"") != NULL);
}

static const struct unit_test tests[] = {
	{ "a GET", test_get },
	{ "a POST with a token and a body", test_post },
	{ "a request cut anywhere asks for more", test_incomplete },
	{ "bad request lines", test_request_line },
	{ "a target over 256 bytes", test_target_too_long },
	{ "bad header fields", test_fields },
	{ "bodies and header blocks too large", test_sizes },
	{ "the last tick of a trace", test_tick_view },
	{ "metrics from the last tick", test_metrics },
	{ "state as JSON", test_state },
	{ "names escaped", test_names_escaped },
};

int main(void)
{
	return CHECK_RUN("http", tests);
}
