/*
 * Handling VM exits: the core's dispatch of an arch-neutral struct vm_exit,
 * and the hypercall table it uses for EXIT_HYPERCALL.
 */
#ifndef HV_CORE_EXIT_H
#define HV_CORE_EXIT_H

#include "hv/core/guest.h"

/* What the scheduler does after an exit was handled. */
enum exit_action {
	EXIT_ACTION_RESUME,  /* enter the same guest again */
	EXIT_ACTION_YIELD,   /* its slice is over: next guest */
	EXIT_ACTION_ENDED,   /* the guest exited or was stopped */
};

enum exit_action handle_exit(struct guest *g, const struct vm_exit *e);
/* g needs its page gfn, which the hypervisor swapped out (it touched it,
 * or a hypercall reads it): read back, or the guest waits for memory, or
 * after a failed read retries; the third failure in a row stops it. */
enum exit_action handle_swapped(struct guest *g, gfn_t gfn);
enum exit_action handle_hypercall(struct guest *g);

/*
 * The balloon's one path, for the stub's hypercalls and virtio-balloon's
 * lists alike (hv/core/mmio.c): checks, prepares and applies n page
 * numbers, counting them for the summary. 0, or the HC_E_* code that
 * refused the list whole.
 */
int guest_balloon(struct guest *g, bool inflate, const uint64_t *gfns,
		  unsigned n);
/* One stat the guest reported (a BALLOON_S_* tag, in pages). */
void guest_store_stat(struct guest *g, uint16_t tag, uint64_t val);

#endif
