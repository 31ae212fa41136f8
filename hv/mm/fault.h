/*
 * What a guest's access that the stage-2 tables did not allow means: the
 * one classifier of a guest memory fault (docs/design.md section 5). The
 * exit path dispatches on it, hypercalls ask it whether a buffer page
 * must be read back first, and p2m_fault maps only what it calls demand.
 * Plain C over the p2m's page states, built for the host too.
 */
#ifndef HV_MM_FAULT_H
#define HV_MM_FAULT_H

#include "hv/mm/p2m.h"

enum fault_class {
	FAULT_DEMAND,    /* never touched: a zeroed page is mapped */
	FAULT_SWAPPED,   /* the hypervisor swapped it out: read it back */
	FAULT_BALLOONED, /* the guest gave it to the balloon: a broken promise */
	FAULT_OUTSIDE,   /* past the guest's memory */
	FAULT_SPURIOUS,  /* mapped with every permission: nothing explains it */
};

/* The class of a fault at gpa, any address a guest can name. */
enum fault_class fault_classify(const struct p2m *p, gpa_t gpa);

#endif
