/*
 * The hypervisor's own paging (docs/design.md section 5): in hard and low
 * states it swaps random guest pages to the swap area, as ESX does since it
 * cannot see which pages a guest uses; a guest that touches a swapped page
 * gets it read back. Without a swap disk the run goes on without swapping.
 */
#ifndef HV_CORE_SWAPPER_H
#define HV_CORE_SWAPPER_H

#include "hv/core/exit.h"
#include "hv/mm/swap.h"

/* sa is NULL when there is no swap disk. The seed drives victim choice;
 * a page's I/O costs the run's clock a fixed time (clock.h).
 * Victims are kept in sets (hv/mm/victims.h) whose index takes pages of
 * pmem; without them the run goes on without swapping. */
void swapper_init(struct swap_area *sa, struct pmem *pmem, uint64_t seed);
bool swapper_present(void);

/* A new guest: an empty set of the pages the swapper may take. */
void swapper_track(struct guest *g);

/* Before the guest maps a page: room to note it, ST_OK or ST_NOMEM (the
 * guest waits as for the page itself). After: swapper_mapped. */
int swapper_reserve(struct guest *g);
void swapper_mapped(struct guest *g, gfn_t gfn);

/* Swaps out up to n random mapped pages of g; returns how many went. */
uint64_t swapper_swap_out(struct guest *g, uint64_t n);

/* The EPT violation on a swapped page: read it back, map it, resume. */
enum exit_action handle_swap_in(struct guest *g, gfn_t gfn);

/* The guest ballooned a page that was in slot: its content is dropped and
 * the slot freed (a disk error keeps it used, and is counted). */
void swapper_discard(struct guest *g, gfn_t gfn, slot_t slot);

/* Frees the slots and the victim set of a guest that ended. */
void swapper_release(struct guest *g);

struct swapper_stats {
	uint64_t outs, ins, write_errors, read_errors;
	uint64_t out_cycles, in_cycles; /* hypervisor cycles spent on them */
	bool full;                      /* the area filled up */
};
const struct swapper_stats *swapper_stats(void);

#endif
