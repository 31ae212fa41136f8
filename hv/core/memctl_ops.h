/*
 * The hypervisor's side of the reclaim loop (hv/mm/reclaim.h): its guests,
 * machine pages and swapper behind struct reclaim_ops. Apart from
 * memctl.c, which runs the ticks on the clock and prints, so that a host
 * test can drive the loop through these ops over host-built p2m and pmem.
 */
#ifndef HV_CORE_MEMCTL_OPS_H
#define HV_CORE_MEMCTL_OPS_H

#include "hv/core/memctl.h"
#include "hv/mm/reclaim.h"

struct memctl_machine {
	struct guest *guests;
	unsigned n;
	struct pmem *pmem;
	uint64_t swap_budget;   /* pages the swap disk may write per tick */
	uint64_t cycles_per_ms; /* the run's clock, for the trace's times */
	unsigned disk_busy_pct; /* of the last tick */
	uint64_t target_since[SCN_MAX_GUESTS]; /* tick the target last rose */
	bool catching_up[SCN_MAX_GUESTS];
	struct memctl_stats stats;
};

/* ctx: a struct memctl_machine. */
extern const struct reclaim_ops memctl_ops;

#endif
