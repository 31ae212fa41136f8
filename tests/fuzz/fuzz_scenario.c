/*
 * libFuzzer target for the scenario parser: any bytes must give either a
 * scenario that keeps the parser's promises or one error with a position
 * and a message, and never a crash, a hang or a read past the input.
 */
#include "hv/mm/scenario.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_scenario(const struct scenario *s)
{
	if (s->nguests == 0 || s->nguests > SCN_MAX_GUESTS)
		abort();
	if (!(s->policy.soft_bp > s->policy.hard_bp && s->policy.hard_bp > s->policy.low_bp))
		abort();
	if (s->machine_memory == 0 || s->machine_memory % PAGE_SIZE)
		abort();
	for (unsigned i = 0; i < s->nguests; i++) {
		const struct scn_guest *g = &s->guests[i];

		if (memchr(g->name, '\0', sizeof(g->name)) == NULL)
			abort();
		if (g->memory == 0 || g->reservation > scn_guest_limit(g))
			abort();
		if (g->shares == 0 || g->shares > SCN_MAX_SHARES)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so ASan sees any read past the end. */
	char *text = malloc(size ? size : 1);
	struct scenario s;
	struct scn_error err;

	memcpy(text, data, size);
	if (scn_parse(text, size, &s, &err) == 0) {
		check_scenario(&s);
	} else if (err.line == 0 || err.col == 0 || err.msg[0] == '\0' ||
		   memchr(err.msg, '\0', sizeof(err.msg)) == NULL) {
		abort();
	}
	free(text);
	return 0;
}
