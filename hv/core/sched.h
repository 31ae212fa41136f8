/* Round-robin scheduling of the guests' vCPUs on the one physical CPU. */
#ifndef HV_CORE_SCHED_H
#define HV_CORE_SCHED_H

#include "hv/core/guest.h"

/* How long a guest runs before the next one's turn. */
#define SCHED_SLICE_MS 20

struct sched_stats {
	uint64_t first_entry_cycles; /* TSC at the first guest instruction */
	uint64_t end_cycles;         /* TSC when the last guest ended */
	uint64_t slices;
	uint64_t peak_mapped_pages;  /* most guest pages mapped at once */
	uint64_t peak_table_pages;   /* EPT table pages at that moment */
};

/* Runs the guests until none is runnable, or until the run's time is up:
 * until_ms (the scenario's end; 0 = when every guest has ended) or
 * limit_ms (a safety limit: guests still running then have failed). */
void sched_run(struct guest *guests, unsigned n, uint64_t until_ms,
	       uint64_t limit_ms, struct sched_stats *st);

#endif
