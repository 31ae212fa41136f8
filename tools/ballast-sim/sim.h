/*
 * ballast-sim: the case study's host and guests, simulated page by page
 * around the hypervisor's own reclaim loop and policy (hv/mm/reclaim.c,
 * hv/mm/policy.c). Four parts:
 *   host.c   the hypervisor's mechanism: machine pages, each guest page's
 *            p2m state, the swap disk with its bandwidth, balloon hand-over
 *   ops.c    the reclaim loop's ops over that host
 *   guest.c  a guest OS (free list, garbage, its own paging file, the
 *            low-memory notification), its workload and its balloon driver
 *   main.c   the run: ticks of the loop, guests between them, the summary
 * Time is in microseconds of simulated time. A guest page costs 13 bytes:
 * its p2m state byte, its slot in the guest's page list, its back index in
 * the swap victim set, and the heap's virtual-to-guest-physical map
 * (docs/simulator.md); a mapped page also costs up to two victim entries.
 */
#ifndef TOOLS_BALLAST_SIM_SIM_H
#define TOOLS_BALLAST_SIM_SIM_H

#include <stdio.h>

#include "hv/mm/p2m.h"
#include "hv/mm/policy.h"
#include "hv/mm/prng.h"
#include "hv/mm/reclaim.h"
#include "hv/mm/scenario.h"
#include "hv/mm/victims.h"

#define US_PER_MS 1000ull
#define US_PER_S 1000000ull

/* A guest page's byte: its enum p2m_state (hv/mm/p2m.h), as the
 * hypervisor sees it, and an accessed bit. */
#define P2M_STATE_MASK 0x03
#define P2M_ACCESSED 0x80       /* set on access, like an EPT A bit */

/* The one shared disk: guests' paging files and the hypervisor's swap. */
struct disk {
	uint64_t page_us;       /* time to move one page at the bandwidth */
	uint64_t busy_until;    /* requests queue behind each other */
};

/* A guest's attempt at a step: done (perhaps after waiting), or blocked. */
enum step { STEP_OK, STEP_BLOCKED };

struct counters {
	uint64_t swap_in, swap_out;             /* hypervisor, running totals */
	uint64_t major_faults, lowmem_events;   /* inside the guest */
	uint64_t page_outs;                     /* guest paging file writes */
};

struct sim_guest {
	const struct scn_guest *cfg;
	uint32_t pages;                 /* guest-physical pages */
	uint32_t first_swappable;       /* sampled and swapped: [this, pages) */
	uint8_t *p2m;                   /* per GPA: enum p2m_state | P2M_ACCESSED */
	uint32_t *back;                 /* per GPA: its entry in victims */
	struct victims victims;         /* its pages the swapper may take */
	/* the hypervisor's pages for it besides the victim set: its VMCS and
	 * EPT tables, as modelled (trace.h guest_hv_pages) */
	uint64_t hv_fixed_pages;

	/*
	 * The guest OS's page list, one array of `pages` GPAs, three parts:
	 * [0, nfree) free, [nfree, nfree + ngarbage) garbage the runtime has
	 * not collected yet, [pages - nballoon, pages) pinned by the balloon.
	 */
	uint32_t *list;
	uint32_t nfree, ngarbage, nballoon;

	uint32_t *heap;                 /* heap page -> GPA, or HEAP_OUT */
	uint32_t heap_pages, heap_used; /* capacity, allocated so far */
	uint32_t heap_resident;
	uint64_t next_lowmem;           /* no notification before this */

	uint64_t granted, swapped;      /* hypervisor's counts */
	uint64_t now;                   /* the guest's own clock */
	uint64_t work_left;             /* page updates still to do */
	uint64_t pattern_next;          /* pattern workload: next page */
	bool exited, blocked_tick, killed, announced;
	uint64_t exit_us;
	uint64_t blocked_us;

	struct prng rng;
	struct counters c;
	unsigned index;                 /* in the scenario and the loop */
	uint64_t target;                /* balloon target, as published */
};

#define HEAP_OUT UINT32_MAX     /* heap page is in the guest's paging file */

struct host {
	uint64_t total_pages, free_pages, hv_pages;
	uint64_t swap_slots, swap_used;
	struct disk disk;
	struct prng rng;                /* swap victims */
	struct reclaim loop;            /* the policy's tick, hv/mm/reclaim.c */
	uint64_t now;                   /* start of the current tick */
	uint64_t tick_us;
};

/* What the reclaim loop's ops work on. */
struct sim_machine {
	struct host *host;
	struct sim_guest *guests;
	FILE *trace;
};

/* host.c */
void host_init(struct host *h, const struct scenario *scn);
void host_track(struct host *h, struct sim_guest *g);
enum step host_touch(struct host *h, struct sim_guest *g, uint32_t gpa);
void host_balloon_take(struct host *h, struct sim_guest *g, uint32_t gpa);
void host_balloon_give(struct sim_guest *g, uint32_t gpa);
void host_swap_out(struct host *h, struct sim_guest *g, uint64_t n);
void host_release(struct host *h, struct sim_guest *g);
uint64_t host_swap_budget(const struct host *h);
uint64_t disk_io(struct disk *d, uint64_t at);

/* ops.c: the loop's ops; ctx is a struct sim_machine. */
extern const struct reclaim_ops sim_ops;

/* guest.c */
int guest_init(struct sim_guest *g, const struct scn_guest *cfg,
	       unsigned index, uint64_t seed);
void guest_free(struct sim_guest *g);
void guest_boot(struct host *h, struct sim_guest *g);
void guest_start_tick(struct host *h, struct sim_guest *g);
void guest_step(struct host *h, struct sim_guest *g, uint64_t until);
void guest_balloon(struct host *h, struct sim_guest *g);
uint64_t guest_ws_pages(const struct sim_guest *g);

#endif
