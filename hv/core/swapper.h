/*
 * The hypervisor's own paging (docs/design.md section 5): in hard and low
 * states it swaps random guest pages to the swap area, as ESX does since it
 * cannot see which pages a guest uses; a page the guest needs again is
 * read back. Without a swap disk the run goes on without swapping.
 *
 * Mechanism only: the swapper knows a guest by its struct swapper_guest
 * (its p2m, victim set and counters), returns a status, and leaves to its
 * callers what that means for the guest (wait, retry, stop) and for its
 * vCPU (cached translations to drop).
 */
#ifndef HV_CORE_SWAPPER_H
#define HV_CORE_SWAPPER_H

#include "hv/mm/p2m.h"
#include "hv/mm/swap_area.h"
#include "hv/mm/victims.h"

/* The swapper's part of one guest. */
struct swapper_guest {
	struct p2m *p2m;
	const char *name;           /* for messages */
	uint16_t owner;             /* the guest's id, in the slot map */
	struct victims victims;     /* its pages the swapper may take */
	uint64_t ins, outs, errors; /* pages read back, written, disk errors */
	uint64_t io_done;           /* the cycle its last swap-in is done */
};

/* sa is NULL when there is no swap disk. The seed drives victim choice;
 * a page's I/O takes its time in the disk queue (disk_queue.h).
 * Victims are kept in sets (hv/mm/victims.h) whose index takes pages of
 * pmem; without them the run goes on without swapping. */
void swapper_init(struct swap_area *sa, struct pmem *pmem, uint64_t seed);
bool swapper_present(void);

/* A new guest: no counts yet, and an empty set of the pages of p2m at or
 * above first the swapper may take. */
void swapper_track(struct swapper_guest *s, struct p2m *p2m, unsigned id,
		   const char *name, gfn_t first);

/* Before the guest maps a page: room to note it, ST_OK or ST_NOMEM (the
 * guest waits as for the page itself). After: swapper_mapped. */
int swapper_reserve(struct swapper_guest *s);
void swapper_mapped(struct swapper_guest *s, gfn_t gfn);

/* Swaps out up to n random mapped pages; returns how many went (the
 * caller then drops the vCPU's cached translations). A write error leaves
 * the page mapped and is counted. */
uint64_t swapper_swap_out(struct swapper_guest *s, uint64_t n);

/*
 * Reads swapped page gfn back and maps it: ST_OK. The read, failed or
 * not, is done in the disk queue at s->io_done. Nothing changes on
 * ST_NOMEM (no machine page free, or no room to note the page) and on
 * ST_IO (the read failed, counted: the page stays swapped). ST_INVAL when
 * gfn is not swapped. A page read back whose slot the disk will not mark
 * free is in (ST_OK): the slot stays used, counted as a write error.
 */
int swapper_swap_in(struct swapper_guest *s, gfn_t gfn);

/* The guest ballooned a page that was in slot: its content is dropped and
 * the slot freed (a disk error keeps it used, and is counted). */
void swapper_discard(struct swapper_guest *s, gfn_t gfn, slot_t slot);

/* Frees the slots and the victim set of a guest that ended; a slot the
 * disk will not free stays used, counted, as in swapper_discard. */
void swapper_release(struct swapper_guest *s);

struct swapper_stats {
	uint64_t outs, ins, write_errors, read_errors;
	uint64_t out_cycles, in_cycles; /* hypervisor cycles spent on them */
	bool full;                      /* the area filled up */
};
const struct swapper_stats *swapper_stats(void);

#endif
