/*
 * A guest: its vCPU, its physical-to-machine map, where it is in its
 * life, and its counters. Guests are created from the scenario's guest
 * lines and never touch each other's memory.
 */
#ifndef HV_CORE_GUEST_H
#define HV_CORE_GUEST_H

#include <ballast/guest.h>

#include "hv/arch/x86/virt.h"
#include "hv/core/guest_dev.h"
#include "hv/core/swapper.h"
#include "hv/dev/virtio_balloon.h"
#include "hv/mm/prng.h"
#include "hv/mm/p2m.h"
#include "hv/mm/scenario.h"

/* What the guest last reported through HC_REPORT_STATS, in pages. */
struct guest_stats {
	uint64_t swap_in, swap_out, major_faults, minor_faults;
	uint64_t free, total, avail, working_set, lowmem_events;
	uint64_t collections;
};

/* Where the guest's time went, on the run's clock (clock.h). */
struct guest_time {
	uint64_t cpu_cycles;        /* it held the CPU */
	uint64_t steal_cycles;      /* runnable while another held it */
	bool io_wait;               /* waits in the disk queue */
	uint64_t io_done;           /* then: the cycle its request completes */
	uint64_t io_cycles;         /* it waited for the disk, summed */
	uint64_t io_requests;       /* times it waited */
	bool halted;                /* a kernel guest waits in HLT (guest_irq.h) */
	uint64_t halt_until;        /* then: its next timed interrupt */
	uint64_t halt_start;        /* then: the cycle it halted */
	uint64_t halts, halt_cycles; /* its waits in HLT, their time summed */
	bool started;
	uint64_t start_cycles;      /* its first slice began */
	uint64_t end_cycles;        /* it ended (exit, stop, the run's end) */
};

/* The guest's own time: the run's clock less the time another guest held
 * the CPU while it could have run. Its TSC and its devices' counters run
 * on it, so a guest timing one against the other (memtest's and Linux's
 * TSC calibration against the PIT) gets the same answer however the
 * scheduler cuts its slices, as on a CPU of its own. */
static inline uint64_t guest_own_cycles(const struct guest_time *t,
					uint64_t run_cycles)
{
	return run_cycles - t->steal_cycles;
}

/* The cycle from which a guest could run, of a span that began at FROM:
 * the end of its disk wait or its HLT (a halted guest has nothing to run,
 * so another's slice is no steal time for it; waiting for no timed
 * interrupt, it could run from no cycle: UINT64_MAX). */
static inline uint64_t guest_runnable_from(const struct guest_time *t, uint64_t from)
{
	uint64_t ready = from;

	if (t->io_wait && t->io_done > ready)
		ready = t->io_done;
	if (t->halted && t->halt_until > ready)
		ready = t->halt_until;
	return ready;
}

/* The guest's paging area on the swap disk (HC_BLOCK_IO), and its use. */
struct guest_paging_area {
	uint64_t lba, sectors;      /* where it starts on the disk; 0: none */
	uint64_t reads, writes;     /* pages moved by its block I/O */
	uint64_t errors;            /* requests the disk failed */
};

enum guest_state {
	GUEST_RUNNABLE,
	GUEST_EXITED,  /* left through HC_EXIT with its own code */
	GUEST_STOPPED, /* stopped by the hypervisor for what it did */
	GUEST_CUT,     /* still running when the run's time was up */
};

struct guest {
	unsigned id;
	char name[GUEST_NAME_LEN];
	enum guest_state state;
	int64_t exit_code;
	const char *stop_reason;
	uint64_t memory_bytes;
	bool linux_boot;            /* a bzImage started at its 64-bit entry */
	gfn_t first_swappable;      /* above the loaded image, stack and bss */
	struct vcpu vcpu;
	struct p2m p2m;
	mfn_t vmcs;
	uint64_t exits[EXIT_KINDS];
	uint64_t hypercall_errors;
	uint64_t hypercall_swap_ins;  /* buffer pages read back from swap */
	uint64_t hypercall_waits;     /* calls that waited for such a page */
	bool hypercall_retry;         /* the call waits: VMCALL again */

	/* balloon */
	bool balloon_driver;        /* the guest asked for its target */
	uint64_t balloon_target;    /* pages, as last set by the policy */
	uint64_t balloon_calls;     /* inflate and deflate hypercalls */
	uint64_t pages_inflated, pages_deflated;
	uint64_t balloon_cycles;    /* hypervisor cycles spent on them */
	struct guest_stats stats;   /* as last reported by the guest */

	/* its virtio-balloon behind MMIO (hv/core/mmio.c) */
	bool has_virtio;
	struct virtio_balloon vballoon;
	uint64_t mmio_exits, mmio_cycles; /* accesses emulated, their cost */

	/* low state and swapping */
	bool blocked;               /* waits for machine memory */
	uint64_t blocked_events;
	unsigned read_failures;     /* failed swap-ins in a row */
	struct swapper_guest swap;  /* its pages the swapper may take, counts */

	struct guest_dev dev;       /* a kernel guest's devices and MSRs */
	struct guest_paging_area paging;
	struct guest_time time;
};

/* The guest's own page tables: an identity map of its first GiB in 2 MiB
 * pages, so neither a stub nor a kernel's 64-bit entry needs paging code
 * to start. */
int guest_write_page_tables(struct p2m *p);

/* The guest stub image, or the kernel a guest line names, as the boot
 * path gave it. */
struct guest_image {
	const uint8_t *data;
	uint64_t size;
	const uint8_t *initrd; /* a kernel guest's initrd= module, if it names one */
	uint64_t initrd_size;
};

/* Builds guest id from its scenario line: memory, tables, start info
 * (with a workload seed drawn from the scenario's), image, vCPU. On
 * failure it prints why and returns a negative status: ST_INVAL for an
 * image that does not fit, ST_RANGE for memory past stage 2's reach, ST_NOMEM
 * when the machine's memory cannot hold it. */
int guest_create(struct guest *g, unsigned id, const struct scn_guest *sg,
		 const struct guest_image *img, struct pmem *pmem,
		 uint64_t seed);

/* Stops the guest for what it did and gives back all its memory. The
 * reason is printed with its name and the guest state. */
void guest_stop(struct guest *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The guest left with code; its memory goes back to the machine. */
void guest_exit(struct guest *g, int64_t code);

/* The run's time is up while the guest runs. Its memory stays as it is, so
 * the swap image shows the pages it had swapped; over_limit says the run
 * hit its safety limit (a failure) rather than the scenario's end. */
void guest_cut(struct guest *g, bool over_limit);

bool guest_failed(const struct guest *g);

/* HC_EXIT's code as the console shows it: the name of its result
 * (include/ballast/result.h), or "code N" for a code that names none,
 * formatted in buf. */
const char *guest_exit_text(int64_t code, char *buf, unsigned long size);

/* Running, or cut off by the run's end with its pages where they were. */
static inline bool guest_holds_memory(const struct guest *g)
{
	return g->state == GUEST_RUNNABLE || g->state == GUEST_CUT;
}

/* Machine pages the hypervisor holds for the guest: its VMCS, its EPT
 * tables and its swap victim set (the trace's guest_hv_pages). */
uint64_t guest_hv_pages(const struct guest *g);

/*
 * What those can grow to, for a guest of `pages` pages (docs/design.md
 * section 5): its VMCS; a full 4-level EPT tree over its memory (one
 * leaf table per 512 pages, one directory per 512 of those, ...); a
 * victim set of twice the pages it can map plus VICTIMS_SLACK entries,
 * with its two spare pages and directories. Tables a balloon makes beyond
 * what its pages need stop at ept.table_limit besides.
 */
uint64_t guest_hv_bound(uint64_t pages);

/* Its request (block I/O, or a swap-in of its page) is done at cycle
 * done: it waits in the disk queue till then, off the CPU. */
static inline void guest_wait_disk(struct guest *g, uint64_t now, uint64_t done)
{
	struct guest_time *t = &g->time;
	uint64_t from = t->io_wait && t->io_done > now ? t->io_done : now;

	if (done > from)
		t->io_cycles += done - from;
	if (!t->io_wait || done > t->io_done)
		t->io_done = done;
	t->io_wait = true;
	t->io_requests++;
}

/* The guest needs a machine page it cannot have now: it waits, and
 * retries the same access when the scheduler lets it run again. */
void guest_block(struct guest *g);

#endif
