/*
 * A control's request body (POST /api/v1/control): one flat JSON object,
 *   {"control": "shares", "guest": "a", "value": 500}
 * with "control" one of shares, limit, reservation (of a guest; limit and
 * reservation in bytes), squeeze, release (machine memory, in bytes),
 * pause, resume (of a guest). Pure code, host-tested and fuzzed
 * (tests/unit/test_control.c, tests/fuzz/fuzz_http.c): whatever the bytes,
 * it reads no further than len, takes time linear in len, and either fills
 * *c or says with a 4xx why not. Whether the run can take the control is
 * control_check's (hv/mm/control.h).
 */
#ifndef HV_NET_CONTROL_JSON_H
#define HV_NET_CONTROL_JSON_H

#include "hv/mm/control.h"
#include "hv/mm/scenario.h"
#include "hv/net/http.h"

int control_parse(const char *body, size_t len, const struct scenario *scn,
		  struct control *c, struct http_error *err);

#endif
