/*
 * Controls (hv/net/control_json.c, hv/mm/control.c): every control a body
 * can name, one test per class of refusal with its status and reason, the
 * queue's order and bound, and what each control does to the policy's
 * inputs.
 */
#include "hv/mm/control.h"
#include "hv/net/control_json.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <string.h>

#define MIB_PAGES 256u

static struct scenario scn = {
	.nguests = 2,
	.guests = { { .name = "a", .memory = 16 << 20 },
		    { .name = "b", .memory = 16 << 20 } },
};
static struct reclaim r;
static struct control_state s;
static struct control c;
static struct http_error err;

static void fresh(void)
{
	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	r.scn = &scn;
	r.n = 2;
	r.policy.total_pages = 40 * MIB_PAGES;
	for (unsigned i = 0; i < 2; i++) {
		r.pg[i].shares = 1000;
		r.pg[i].limit = 16 * MIB_PAGES;
	}
}

static int parse(const char *body)
{
	return control_parse(body, strlen(body), &scn, &c, &err);
}

static void expect_refusal(const char *body, int status, const char *words)
{
	int st = parse(body);

	CHECK(st == ST_INVAL);
	CHECK(err.status == status);
	CHECK(err.reason && strstr(err.reason, words) != NULL);
	if (st != ST_INVAL || err.status != status || !strstr(err.reason, words))
		printf("#   %s: got %d %d %s\n", body, st, err.status,
		       st == ST_INVAL ? err.reason : "");
}

static void test_parses_each_control(void)
{
	CHECK(parse("{\"control\":\"shares\",\"guest\":\"b\",\"value\":500}") == ST_OK);
	CHECK(c.kind == CONTROL_SHARES && c.guest == 1 && c.value == 500);
	CHECK(parse(" {\n \"value\" : 8388608, \"guest\":\"a\", \"control\":\"limit\" } ") == ST_OK);
	CHECK(c.kind == CONTROL_LIMIT && c.guest == 0 && c.value == 8 * MIB_PAGES);
	CHECK(parse("{\"control\":\"reservation\",\"guest\":\"a\",\"value\":0}") == ST_OK);
	CHECK(c.kind == CONTROL_RESERVATION && c.value == 0);
	CHECK(parse("{\"control\":\"squeeze\",\"value\":4096}") == ST_OK);
	CHECK(c.kind == CONTROL_SQUEEZE && c.value == 1);
	CHECK(parse("{\"control\":\"release\",\"value\":4096}") == ST_OK);
	CHECK(c.kind == CONTROL_RELEASE);
	CHECK(parse("{\"control\":\"pause\",\"guest\":\"b\"}") == ST_OK);
	CHECK(c.kind == CONTROL_PAUSE && c.guest == 1);
	CHECK(parse("{\"control\":\"resume\",\"guest\":\"b\"}") == ST_OK);
	CHECK(c.kind == CONTROL_RESUME);
}

static void test_refuses_bad_json(void)
{
	expect_refusal("", 400, "not a JSON object");
	expect_refusal("[1]", 400, "not a JSON object");
	expect_refusal("{\"control\":\"shares\"", 400, "',' or '}'");
	expect_refusal("{\"control\" \"shares\"}", 400, "':'");
	expect_refusal("{\"control\":\"shar", 400, "not closed");
	expect_refusal("{\"control\":\"sh\\u0061res\"}", 400, "without escapes");
	expect_refusal("{\"control\":true}", 400, "string or a whole number");
	expect_refusal("{\"control\":\"shares\",\"guest\":\"a\",\"value\":-5}", 400, "string or a whole number");
	expect_refusal("{\"control\":\"shares\",\"guest\":\"a\",\"value\":1.5}", 400, "whole number");
	expect_refusal("{\"control\":\"shares\",\"guest\":\"a\",\"value\":05}", 400, "leading zero");
	expect_refusal("{} x", 400, "more after");
	expect_refusal("{\"control\":\"pause\",\"control\":\"pause\"}", 400, "twice");
	expect_refusal("{\"colour\":\"red\"}", 400, "only the members");
}

static void test_refuses_bad_controls(void)
{
	expect_refusal("{}", 400, "\"control\" must name one");
	expect_refusal("{\"control\":\"grow\"}", 400, "no such control");
	expect_refusal("{\"control\":\"pause\"}", 400, "needs \"guest\"");
	expect_refusal("{\"control\":\"pause\",\"guest\":\"zz\"}", 404, "no guest");
	expect_refusal("{\"control\":\"pause\",\"guest\":7}", 400, "name as a string");
	expect_refusal("{\"control\":\"pause\",\"guest\":\"a\",\"value\":1}", 400, "no value");
	expect_refusal("{\"control\":\"shares\",\"guest\":\"a\"}", 400, "needs \"value\"");
	expect_refusal("{\"control\":\"shares\",\"guest\":\"a\",\"value\":\"5\"}", 400, "needs \"value\"");
	expect_refusal("{\"control\":\"shares\",\"guest\":\"a\",\"value\":0}", 422, "shares must be");
	expect_refusal("{\"control\":\"shares\",\"guest\":\"a\",\"value\":1000001}", 422, "shares must be");
	expect_refusal("{\"control\":\"limit\",\"guest\":\"a\",\"value\":4097}", 422, "4096-byte pages");
	expect_refusal("{\"control\":\"squeeze\",\"value\":99999999999999999999}", 422, "too large");
	expect_refusal("{\"control\":\"squeeze\",\"guest\":\"a\",\"value\":4096}", 400, "no \"guest\"");
}

static enum control_verdict check(const struct control *k, uint64_t free_pages,
				  const char *words)
{
	const char *why;
	enum control_verdict v = control_check(&s, &r, k, free_pages, &why);

	CHECK(v == CONTROL_OK || (why && strstr(why, words)));
	return v;
}

static void test_checks_against_the_run(void)
{
	fresh();
	r.pg[0].reservation = 4 * MIB_PAGES;
	CHECK(check(&(struct control){ CONTROL_LIMIT, 0, 2 * MIB_PAGES }, 0,
		    "below the guest's reservation") == CONTROL_RANGE);
	CHECK(check(&(struct control){ CONTROL_LIMIT, 0, 17 * MIB_PAGES }, 0,
		    "at most the guest's memory") == CONTROL_RANGE);
	CHECK(check(&(struct control){ CONTROL_LIMIT, 0, 4 * MIB_PAGES }, 0, "") == CONTROL_OK);
	CHECK(check(&(struct control){ CONTROL_RESERVATION, 1, 17 * MIB_PAGES }, 0,
		    "above the guest's limit") == CONTROL_RANGE);
	r.policy.total_pages = 10 * MIB_PAGES;
	CHECK(check(&(struct control){ CONTROL_RESERVATION, 1, 7 * MIB_PAGES }, 0,
		    "more than machine memory") == CONTROL_RANGE);
	CHECK(check(&(struct control){ CONTROL_SQUEEZE, 0, 101 }, 100,
		    "all the free pages") == CONTROL_RANGE);
	CHECK(check(&(struct control){ CONTROL_SQUEEZE, 0, 100 }, 100, "") == CONTROL_OK);
	CHECK(check(&(struct control){ CONTROL_RELEASE, 0, 1 }, 100,
		    "squeezed pages") == CONTROL_RANGE);
	CHECK(check(&(struct control){ CONTROL_RESUME, 1, 0 }, 0,
		    "not paused") == CONTROL_CONFLICT);
	CHECK(check(&(struct control){ CONTROL_PAUSE, 2, 0 }, 0,
		    "no such guest") == CONTROL_RANGE);
	s.paused[1] = true;
	CHECK(check(&(struct control){ CONTROL_PAUSE, 1, 0 }, 0,
		    "already paused") == CONTROL_CONFLICT);
}

static void test_applies_to_the_policy_inputs(void)
{
	fresh();
	CHECK(!control_holds(&s));
	control_apply(&s, &r, &(struct control){ CONTROL_SHARES, 1, 3000 }, 0);
	control_apply(&s, &r, &(struct control){ CONTROL_LIMIT, 0, 1000 }, 0);
	control_apply(&s, &r, &(struct control){ CONTROL_RESERVATION, 0, 500 }, 0);
	CHECK(r.pg[1].shares == 3000 && r.pg[0].shares == 1000);
	CHECK(r.pg[0].limit == 1000 && r.pg[0].reservation == 500);
	control_apply(&s, &r, &(struct control){ CONTROL_SQUEEZE, 0, 80 }, 60);
	CHECK(s.squeezed == 60 && control_holds(&s));
	control_apply(&s, &r, &(struct control){ CONTROL_RELEASE, 0, 60 }, 60);
	CHECK(s.squeezed == 0 && !control_holds(&s));
	control_apply(&s, &r, &(struct control){ CONTROL_PAUSE, 1, 0 }, 0);
	CHECK(s.paused[1] && !s.paused[0] && control_holds(&s));
	control_apply(&s, &r, &(struct control){ CONTROL_RESUME, 1, 0 }, 0);
	CHECK(!s.paused[1] && !control_holds(&s));
}

static void test_queue_keeps_arrival_order(void)
{
	struct control out;

	fresh();
	for (unsigned i = 0; i < CONTROL_QUEUE_MAX; i++)
		CHECK(control_push(&s, &(struct control){ CONTROL_SHARES, 0, i + 1 }) == ST_OK);
	CHECK(control_push(&s, &(struct control){ CONTROL_SHARES, 0, 99 }) == ST_NOMEM);
	for (unsigned i = 0; i < CONTROL_QUEUE_MAX; i++)
		CHECK(control_pop(&s, &out) && out.value == i + 1);
	CHECK(!control_pop(&s, &out));
	CHECK(control_push(&s, &(struct control){ CONTROL_PAUSE, 1, 0 }) == ST_OK);
	CHECK(control_pop(&s, &out) && out.kind == CONTROL_PAUSE);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "parses each control", test_parses_each_control },
		{ "refuses bad JSON", test_refuses_bad_json },
		{ "refuses bad controls", test_refuses_bad_controls },
		{ "checks a control against the run", test_checks_against_the_run },
		{ "applies a control to the policy's inputs", test_applies_to_the_policy_inputs },
		{ "the queue keeps arrival order, bounded", test_queue_keeps_arrival_order },
	};

	return CHECK_RUN("control", tests);
}
