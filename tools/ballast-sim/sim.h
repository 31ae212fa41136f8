/*
 * ballast-sim: the case study's host and guests, simulated page by page
 * around the hypervisor's own reclaim loop and policy (hv/mm/reclaim.c,
 * hv/mm/policy.c). Six parts:
 *   host.c     the hypervisor's mechanism: machine pages, each guest page's
 *              p2m state, the one disk queue, balloon hand-over
 *   ops.c      the reclaim loop's ops over that host
 *   cpu.c      the one CPU: guests take turns in slices; run, I/O wait,
 *              blocked and steal time per guest; the guest models, what
 *              a guest's work costs and its OS's rules (-m)
 *   guest.c    a guest OS: free list, its process's resident set (clock),
 *              standby list, its own paging area on the shared disk, the
 *              low-memory notification, and its balloon driver
 *   workload.c the workloads: the case study's benchmark (a large object
 *              heap, generational collections), pattern, wild, idle
 *   main.c     the run: ticks of the loop, guests between them, the summary
 * Time is in microseconds of simulated time (docs/simulator.md).
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

/* The one shared disk: guests' paging areas and the hypervisor's swap,
 * one request after another in the order they come. */
struct disk {
	uint64_t page_us;       /* time to move one page at the bandwidth */
	uint64_t busy_until;    /* requests queue behind each other */
	uint64_t busy_us;       /* all the time requests took, so far */
	uint64_t busy_seen_us;  /* busy time up to the last tick */
	uint32_t busy_pct;      /* share of the last tick it was busy */
};

/* A guest's attempt at a step: done (perhaps after waiting), blocked by
 * the hypervisor, or out of frames with nothing it can page out. */
enum step { STEP_OK, STEP_BLOCKED, STEP_NOMEM };

struct counters {
	uint64_t swap_in, swap_out;             /* hypervisor, running totals */
	uint64_t major_faults, lowmem_events;   /* inside the guest */
	uint64_t page_writes;                   /* to its paging area */
	uint64_t soft_faults;                   /* from its standby list */
	uint64_t collections, gen[3];           /* all, and by generation */
	uint64_t cpu_us, steal_us, io_us, blocked_us;
};

/*
 * The process's pages (its virtual memory): [0, heap_pages) the live
 * large object heap, then up to garbage_cap pages of dead large objects
 * that only a full collection frees. Each is resident (a GPA, in the
 * working set or on the standby list), in the paging area, or unused.
 */
#define VP_OUT UINT32_MAX       /* in the guest's paging area */
#define VP_NONE (UINT32_MAX - 1) /* not allocated */
#define VF_REF 0x01             /* referenced since the clock hand passed */
#define VF_STANDBY 0x02         /* trimmed from the working set, still resident */
#define VF_DIRTY 0x04           /* no copy in the paging area: written since */
#define NIL UINT32_MAX

struct process {
	uint32_t *page;                 /* v -> GPA, VP_OUT or VP_NONE */
	uint8_t *flag;                  /* VF_* */
	uint32_t *sb_next, *sb_prev;    /* the standby list, oldest first */
	uint32_t sb_head, sb_tail;
	uint32_t heap_pages, heap_used; /* live heap: size, allocated so far */
	uint32_t garbage_cap, garbage;  /* dead pages: budget, so far */
	uint32_t hand;                  /* the clock's */
	uint64_t ws, standby;           /* resident pages: in the set, trimmed */
	/* the paging area: its pages, and those held by pages out or on
	 * standby (a resident clean page's copy is kept while room lasts) */
	uint64_t slots, copies;
	uint64_t gen_updates;           /* counted updates, for generation 0 */
	uint64_t updates;               /* all updates, ramp's too */
	uint32_t grow_due;              /* heap pages this step still grows */
	bool step_begins;               /* the workload's next step is a new one */
	bool dies_pending;              /* a collection freed heap pages, to be
					 * dropped at the next step's start */
	uint32_t gen_size[3];           /* pages in each generation */
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

	/* The OS's page list, one array of `pages` GPAs: [0, nfree) free,
	 * [pages - nballoon, pages) pinned by the balloon. */
	uint32_t *list;
	uint32_t nfree, nballoon;
	struct process proc;
	bool lowmem_armed;              /* free memory was plentiful since */

	uint64_t granted, swapped;      /* hypervisor's counts */
	uint64_t now;                   /* the guest's clock: ready at */
	uint64_t io_until;              /* waits in the disk queue until */
	uint64_t work_left;             /* page updates still to do */
	uint64_t pattern_next;          /* pattern workload: next page */
	bool exited, blocked_tick, killed, announced;
	uint64_t exit_us;

	struct prng rng;
	struct counters c;
	unsigned index;                 /* in the scenario and the loop */
	uint64_t target;                /* balloon target, as published */
};

/*
 * The guest the simulator models (cpu.c): the case study's Windows guest
 * on its machine by default, or the guest stub in Bochs (-m stub), so a
 * scaled scenario runs as it does in the emulator. What its work costs
 * in CPU time, and its OS's rules.
 */
struct sim_model {
	const char *name;
	uint64_t update_us;     /* one heap page update */
	uint64_t alloc_us;      /* the first write of a fresh page */
	uint64_t soft_us;       /* a page back from the standby list */
	uint64_t map_us;        /* the hypervisor maps a page on first touch */
	uint64_t io_us;         /* the CPU's share of one page of paging I/O */
	uint64_t balloon_us;    /* one page into or out of the balloon */
	unsigned balloon_shift; /* the balloon moves 1/2^shift of memory a
				 * second at most; 0: as fast as its CPU time */
	unsigned balloon_step_shift; /* the balloon moves in steps of 1/2^this
				 * of memory (in 256s), to the target rounded
				 * up, deflating a step past it (0: to the
				 * target) */
	bool balloon_lists;     /* the balloon takes a tick's pages as lists,
				 * the OS balancing after them (else after
				 * each page) */
	/* in 64ths of the guest's memory available (free or standby): */
	unsigned lowmem_at;     /* the low-memory notice below this, */
	unsigned rearm_at;      /* again once this much was available, */
	unsigned trim_at;       /* and the OS trims to keep this much */
	bool notice_on_free;    /* the notice counts free pages only (else
				 * standby ones too) */
	bool trim_per_step;     /* trimming once a workload step (else after
				 * each allocation) */
	bool trim_waits;        /* trimming waits for each write (else it
				 * writes behind, while the disk keeps up) */
	unsigned notice_trim_shift; /* a notice trims 1/2^this at once (0: none) */
	unsigned write_every;   /* updates per one that writes its page */
	unsigned cold_one_in;   /* updates per one over the whole heap */
	unsigned garbage_every; /* updates per dead large object (0: none) */
	unsigned heap_dies_shift; /* a full collection frees 1/2^this of the
				   * live heap, its idle top, which grows
				   * back (0: none) */
};
extern const struct sim_model sim_model_case_study, sim_model_stub;

struct host {
	const struct sim_model *model;
	uint64_t total_pages, free_pages, hv_pages;
	uint64_t swap_slots, swap_used;
	struct disk disk;
	struct prng rng;                /* swap victims */
	struct reclaim loop;            /* the policy's tick, hv/mm/reclaim.c */
	uint64_t now;                   /* start of the current tick */
	uint64_t tick_us;
	uint64_t cpu_now;               /* the one CPU's clock */
	unsigned cpu_next;              /* round robin: who is asked first */
	const struct sim_guest *running; /* holds the CPU now, or NULL */
};

/* What the reclaim loop's ops work on. */
struct sim_machine {
	struct host *host;
	struct sim_guest *guests;
	FILE *trace;
};

/* host.c */
void host_init(struct host *h, const struct scenario *scn,
	       const struct sim_model *model);
void host_track(struct host *h, struct sim_guest *g);
enum step host_touch(struct host *h, struct sim_guest *g, uint32_t gpa);
void host_balloon_take(struct host *h, struct sim_guest *g, uint32_t gpa);
void host_balloon_give(struct sim_guest *g, uint32_t gpa);
void host_swap_out(struct host *h, struct sim_guest *g, uint64_t n);
void host_release(struct host *h, struct sim_guest *g);
uint64_t host_swap_budget(const struct host *h);
uint64_t disk_io(struct disk *d, uint64_t at);
void disk_tick(struct disk *d, uint64_t now, uint64_t tick_us);
void guest_wait_io(struct host *h, struct sim_guest *g);
uint64_t guest_io_at(const struct host *h, const struct sim_guest *g);
void guest_cpu(struct sim_guest *g, uint64_t us);

/* ops.c: the loop's ops; ctx is a struct sim_machine. */
extern const struct reclaim_ops sim_ops;

/* cpu.c: runs the guests on the one CPU until `until`. */
void cpu_run(struct host *h, struct sim_guest *gs, unsigned n, uint64_t until);

/* guest.c */
int guest_init(struct sim_guest *g, const struct scn_guest *cfg,
	       unsigned index, uint64_t seed);
void guest_free(struct sim_guest *g);
void guest_boot(struct host *h, struct sim_guest *g);
void guest_start_tick(struct sim_guest *g);
void guest_step(struct host *h, struct sim_guest *g, uint64_t until);
void guest_balloon(struct host *h, struct sim_guest *g);
uint64_t guest_ws_pages(const struct sim_guest *g);
uint64_t guest_avail_pages(const struct sim_guest *g);
void guest_finish(struct host *h, struct sim_guest *g);
enum step guest_take_page(struct host *h, struct sim_guest *g, bool wait,
			  uint32_t *gpa);
void guest_put_page(struct sim_guest *g, uint32_t gpa);
void guest_balance(struct host *h, struct sim_guest *g);
void guest_trim(struct host *h, struct sim_guest *g);
void proc_standby_unlink(struct process *p, uint32_t v);
void proc_full_collection(const struct host *h, struct sim_guest *g);

/* workload.c */
enum step workload_step(struct host *h, struct sim_guest *g, uint64_t until);
uint64_t workload_initial(const struct scn_guest *cfg, uint32_t heap_pages);

#endif
