/*
 * The memory controller: once per scenario tick (emulated time) it runs
 * the reclaim loop (hv/mm/reclaim.h) over the hypervisor's guests, whose
 * ops (memctl_ops.c) hand balloon targets to the guests (an interrupt
 * tells a guest its target changed), swap and write the trace on COM2;
 * it prints state changes and a status line once a second.
 */
#ifndef HV_CORE_MEMCTL_H
#define HV_CORE_MEMCTL_H

#include "hv/core/guest.h"
#include "hv/mm/control.h"
#include "hv/mm/policy.h"

struct memctl_stats {
	uint64_t ticks;
	uint64_t state_ticks[MEM_NSTATES];
	uint64_t state_changes;
	uint64_t peak_target[SCN_MAX_GUESTS];
	uint64_t peak_ballooned[SCN_MAX_GUESTS];
	uint64_t peak_hv_pages[SCN_MAX_GUESTS]; /* guest_hv_pages, at ticks */
	/* ticks from a rise of a guest's target to its balloon reaching it */
	uint64_t catch_up_max, catch_up_sum, catch_ups;
};

void memctl_init(const struct scenario *scn, struct pmem *pmem,
		 struct guest *guests, unsigned n);

/* Runs every tick that is due by now; call it between time slices. */
void memctl_poll(void);

/* When every guest waits: lets time pass to the next tick and runs it.
 * Returns the machine pages that tick freed. */
uint64_t memctl_wait_tick(void);
/* When the next tick is due, in ms of the run's clock. */
uint64_t memctl_next_tick_ms(void);

/* In low state a guest at or over its entitlement may not get a new page
 * (the policy's verdict at the last tick). */
bool memctl_must_block(const struct guest *g);

/* A control from the plane, checked against the run now and queued for
 * the next tick: ST_OK, or why not in *reason: ST_RANGE (a value out of
 * range for the run), ST_EXIST (the guest is already so, or the run is
 * over), ST_FULL (the queue is full). */
int memctl_control(const struct control *c, const char **reason);
/* A control paused the guest: it gets no slice. */
bool memctl_paused(const struct guest *g);
/* Controls hold the run back (a guest paused, pages squeezed): guests
 * that wait may yet be let go by a later control. */
bool memctl_held(void);

/* One last tick and trace row at the end of the run. */
void memctl_finish(void);

const struct memctl_stats *memctl_stats(void);
enum mem_state memctl_state(void);

#endif
