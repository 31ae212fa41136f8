/*
 * The end-of-run summary: per guest its end, pages, exits, balloon and
 * swap counters; for the machine its pages by owner, the memory states,
 * swapping's cost and the metadata's. Launchers copy it to summary.txt.
 */
#ifndef HV_CORE_SUMMARY_H
#define HV_CORE_SUMMARY_H

#include "hv/core/guest.h"
#include "hv/core/sched.h"
#include "hv/mm/scenario.h"

struct run_facts {
	const struct scenario *scenario;
	const struct pmem *pmem;
	const struct guest *guests;     /* scenario->nguests of them */
	const struct sched_stats *sched;
	uint64_t entry_cycles;          /* TSC at the hypervisor's entry */
};

/* Prints the summary; returns the run's status (RUN_STATUS_*). */
int summary_print(const struct run_facts *r);

#endif
