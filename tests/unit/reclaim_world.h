/*
 * One machine the reclaim loop (hv/mm/reclaim.c) runs on, for the test
 * that drives the hypervisor's and the simulator's alike and compares:
 * reclaim_hv.c is the hypervisor's memory controller ops over host-built
 * pmem, p2m, EPT and a RAM swap disk; reclaim_sim.c is the simulator's ops
 * over its simulated host. The test plays the guests: it touches pages and
 * moves balloons the same way in both.
 */
#ifndef TESTS_UNIT_RECLAIM_WORLD_H
#define TESTS_UNIT_RECLAIM_WORLD_H

#include "hv/mm/p2m.h"
#include "hv/mm/reclaim.h"

/* Machine pages: total, free and the hypervisor's; of those, the ones
 * each guest costs it besides its victim set (VMCS and EPT tables). */
struct world_pages {
	uint64_t total, free, hv;
	uint64_t guest_fixed[SCN_MAX_GUESTS];
};

/* What a guest reports of itself (HC_REPORT_STATS in the hypervisor). */
struct world_report {
	uint64_t avail, working_set, major_faults, lowmem_events;
};

struct world {
	const char *name;
	/* Builds the machine for scn; the hypervisor's has
	 * scn->machine_memory of arena. */
	void (*setup)(const struct scenario *scn);
	void (*pages)(struct world_pages *p);
	/* A guest's access to gfn; false when it must wait for memory. */
	bool (*touch)(unsigned i, gfn_t gfn);
	void (*inflate)(unsigned i, gfn_t gfn);
	void (*deflate)(unsigned i, gfn_t gfn);
	enum p2m_state (*state)(unsigned i, gfn_t gfn);
	/* A new time slice: a waiting guest tries again. */
	void (*run)(unsigned i);
	/* The guest reports its figures (the simulated one has them already). */
	void (*report)(unsigned i, struct world_report *r);
	enum mem_state (*tick)(uint64_t now_ms);
	const struct reclaim *(*loop)(void);
	uint64_t (*target)(unsigned i);
	/* The trace so far, NUL-terminated. */
	const char *(*trace)(void);
	void (*teardown)(void);
};

extern const struct world hv_world, sim_world;

/* The simulator models the hypervisor's own pages; for the test its
 * machine and its guests take the hypervisor's numbers instead. */
void sim_world_align(const struct world_pages *p);

/* The simulated guest's own figures, for the hypervisor's guest to report. */
void sim_world_report(unsigned i, struct world_report *r);

#endif
