/* The guest memory fault's classifier (see fault.h). */
#include "hv/mm/fault.h"

enum fault_class fault_classify(const struct p2m *p, gpa_t gpa)
{
	gfn_t gfn = gpa >> PAGE_SHIFT;

	if (gfn >= p->nr_gfns)
		return FAULT_OUTSIDE;
	switch (p2m_state_of(p, gfn)) {
	case P2M_UNTOUCHED:
		return FAULT_DEMAND;
	case P2M_SWAPPED:
		return FAULT_SWAPPED;
	case P2M_BALLOONED:
		return FAULT_BALLOONED;
	default:
		/* Every mapping grants read, write and execute, so the CPU
		 * cannot refuse an access to a mapped page. */
		return FAULT_SPURIOUS;
	}
}
