/*
 * A guest p2m (EPT tables) over an arena that stands for machine memory,
 * for the unit tests of the code above the p2m (balloon lists, swap steps): the arena's
 * addresses are machine addresses, as the identity map makes them in the
 * hypervisor.
 */
#ifndef TESTS_UNIT_GUEST_FIXTURE_H
#define TESTS_UNIT_GUEST_FIXTURE_H

#include "hv/mm/p2m.h"

/* A fresh allocator over arena_pages pages and a guest of guest_pages. */
void fixture_setup(struct pmem *pm, struct p2m *g, size_t arena_pages,
		   size_t guest_pages);

/* Destroys the guest and checks every page went back to the allocator. */
void fixture_teardown(struct pmem *pm, struct p2m *g);

void fixture_free(void);

#endif
