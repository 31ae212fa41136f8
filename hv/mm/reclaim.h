/*
 * The reclaim loop: one policy tick, written once for the hypervisor
 * (hv/core/memctl.c) and the simulator (tools/ballast-sim), each of which
 * carries it out on its own machine through struct reclaim_ops. A tick, in
 * this order:
 *   1. sample active memory: accessed flags of random guest pages;
 *   2. give the policy its inputs: free pages, each guest's holdings;
 *   3. publish the balloon targets the policy chose;
 *   4. swap out the pages it asked for;
 *   5. decide who waits for memory (reclaim_must_block);
 *   6. emit one trace row per guest (include/ballast/trace.h).
 * Plain C over the ops, no hardware: it runs unchanged in the hypervisor,
 * the simulator and the host unit tests.
 */
#ifndef HV_MM_RECLAIM_H
#define HV_MM_RECLAIM_H

#include <ballast/trace.h>

#include "hv/lib/types.h"
#include "hv/mm/policy.h"
#include "hv/mm/prng.h"
#include "hv/mm/scenario.h"

/* What the mechanism tells the loop about the machine, each time asked. */
struct reclaim_machine {
	uint64_t free_pages;
	uint64_t hv_pages;      /* machine pages the hypervisor holds */
	uint64_t swap_budget;   /* pages the swap device can write this tick */
	unsigned disk_busy_pct; /* of the last tick, the shared disk's */
};

/* What the mechanism tells the loop about a guest, in pages. */
struct reclaim_guest {
	bool live;              /* holds memory: running, or cut off by the end */
	bool running;           /* may be sampled, given targets and swapped */
	bool balloon_driver;    /* running and its driver answers */
	uint64_t memory, granted, ballooned, swapped;
	/* what the policy charges it: granted, plus the stage-2 table pages
	 * a scattered balloon costs beyond what its pages need (p2m.h) */
	uint64_t held;
	uint64_t sample_first;  /* active sampling looks at [first, memory) */
	uint64_t balloon_target;        /* as last published to it */
	uint64_t swap_in, swap_out;     /* running totals */
	bool blocked;           /* waits for a machine page now */
	/* as the guest reports them */
	uint64_t avail, working_set, major_faults, lowmem_events;
	uint64_t page_writes, collections;
	bool io_wait;           /* waits in the disk queue now */
	uint64_t cpu_ms, steal_ms;      /* running totals (trace.h) */
	/* machine pages the hypervisor holds for it (trace.h guest_hv_pages) */
	uint64_t hv_pages;
};

/*
 * The mechanism. ctx is the implementation's own; i is the guest's index
 * in the scenario.
 */
struct reclaim_ops {
	void (*machine)(void *ctx, struct reclaim_machine *m);
	void (*guest)(void *ctx, unsigned i, struct reclaim_guest *g);
	/* Whether page gfn was accessed since the last call, clearing the
	 * flag; ST_NOENT when it is not mapped. */
	int (*test_and_clear_accessed)(void *ctx, unsigned i, gfn_t gfn,
				       bool *accessed);
	/* After a new sample's flags were cleared: drop cached translations
	 * so that the next access to one sets its flag again. */
	void (*sampled)(void *ctx, unsigned i);
	/* The policy's balloon target for guest i, every tick; a guest that
	 * is not running ignores it. */
	void (*set_target)(void *ctx, unsigned i, uint64_t target);
	/* Swaps out up to n random pages of a running guest. */
	void (*swap_out)(void *ctx, unsigned i, uint64_t n);
	/* Appends trace text (the header, then rows). */
	void (*emit)(void *ctx, const char *text, size_t len);
};

/* One guest's active-memory sample, from one tick to the next. */
struct reclaim_sample {
	gfn_t gfn[SCN_MAX_SAMPLE];
	unsigned n;
	uint64_t estimate;      /* active pages, policy_active_estimate's */
};

struct reclaim {
	const struct reclaim_ops *ops;
	void *ctx;
	const struct scenario *scn;
	unsigned n;
	bool tracks_accessed;   /* the machine sets accessed flags */
	struct policy policy;
	struct policy_guest pg[SCN_MAX_GUESTS];
	struct reclaim_sample sample[SCN_MAX_GUESTS];
	bool waits[SCN_MAX_GUESTS];     /* may not get a new machine page */
	struct prng rng;        /* sample choice */
	uint64_t next_sample_ms;
	uint64_t free_seen;     /* free pages the policy saw last tick */
};

/*
 * Sets the loop up for the scenario's guests on total_pages machine pages
 * and emits the trace header. tracks_accessed: without accessed flags every
 * granted page counts as active.
 */
void reclaim_init(struct reclaim *r, const struct scenario *scn,
		  uint64_t total_pages, bool tracks_accessed,
		  const struct reclaim_ops *ops, void *ctx);

/* One tick at now_ms; returns the state the policy left. */
enum mem_state reclaim_tick(struct reclaim *r, uint64_t now_ms);

/* The verdict of the last tick: guest i may not get a new machine page. */
bool reclaim_must_block(const struct reclaim *r, unsigned i);

#endif
