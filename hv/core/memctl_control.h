/*
 * The hypervisor's side of controls (hv/mm/control.h): what memctl.c
 * runs at the start of each tick.
 */
#ifndef HV_CORE_MEMCTL_CONTROL_H
#define HV_CORE_MEMCTL_CONTROL_H

#include "hv/mm/control.h"
#include "hv/mm/pmem.h"

/* Applies the queued controls, oldest first, at the tick at now_ms. */
void memctl_controls_run(struct control_state *s, struct reclaim *r,
			 struct pmem *pm, uint64_t now_ms);

#endif
