/*
 * The benchmark's small generational heaps (the CLR's generations 0, 1
 * and 2): pages allocated into generation 0; a generation that outgrows
 * its budget is collected, its survivors promoted to the next.
 */
#ifndef GUEST_STUB_GENS_H
#define GUEST_STUB_GENS_H

#include <stdbool.h>
#include <stdint.h>

#define GENS 3
#define GENS_SPACE 512 /* vpns for all three: above the budgets' sum */

/* The heaps take vpns [base, base + GENS_SPACE), empty. */
void gens_init(uint64_t base_vpn, uint64_t seed);
/* Allocates n pages into generation 0, collecting as budgets require.
 * False when a page could not be had. */
bool gens_alloc(unsigned n);
/* A full collection (all generations): what a low-memory notification
 * sets off. */
void gens_collect_all(void);
/* Checks every page they hold. */
void gens_verify(void);

uint64_t gens_pages(void);
uint64_t gens_collections(unsigned gen); /* collections of gen, at most */
uint64_t gens_collections_total(void);

#endif
