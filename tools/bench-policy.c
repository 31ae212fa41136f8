/*
 * bench-policy NGUESTS TICKS: runs the policy's tick over NGUESTS contended
 * guests TICKS times, for tools/bench-sim.sh to count its instructions
 * under callgrind (--toggle-collect=policy_tick). The cost should grow with
 * guests, not with their pages: guests here have 2 GiB each.
 */
#include "hv/mm/policy.h"
#include "hv/mm/scenario.h"

#include <stdio.h>
#include <stdlib.h>

static const char scenario_text[] = "machine memory=16G\nguest g memory=8G\n";

int main(int argc, char **argv)
{
	struct scenario scn;
	struct scn_error err;
	struct policy p;
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 4;
	unsigned ticks = argc > 2 ? (unsigned)atoi(argv[2]) : 1000;
	struct policy_guest *g = calloc(n ? n : 1, sizeof(*g));
	uint64_t total = 0, check = 0;

	if (!g || n == 0 ||
	    scn_parse(scenario_text, sizeof(scenario_text) - 1, &scn, &err))
		return 1;
	for (unsigned i = 0; i < n; i++) {
		g[i] = (struct policy_guest){
			.memory = 1u << 19, .granted = 1u << 19,
			.active = (1u << 19) / (1 + i % 8),
			.shares = 1000 + 10 * (i % 7), .balloon_driver = i % 5 != 0,
		};
		total += g[i].memory;
	}
	/* A host with half the pages the guests hold: always contended. */
	policy_init(&p, &scn.policy, total / 2);
	for (unsigned t = 0; t < ticks; t++) {
		policy_tick(&p, total / 2 * (1 + t % 5) / 100, 1000, g, n);
		check += g[t % n].balloon_target + g[t % n].swap_out;
	}
	printf("guests %u ticks %u check %llu\n", n, ticks,
	       (unsigned long long)check);
	free(g);
	return 0;
}
