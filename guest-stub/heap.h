/*
 * What the benchmark's heaps (contention.c, gens.c) write into each heap
 * page: its virtual page number and a generation, so a page that comes
 * back from the paging area (or the hypervisor's swap) wrong is caught.
 */
#ifndef GUEST_STUB_HEAP_H
#define GUEST_STUB_HEAP_H

#include <stdint.h>

/* Writes the page's stamp for generation gen. */
void heap_stamp(uint64_t vpn, uint64_t gen);
/* Reads the page's generation, counting a mismatch when the stamp is
 * wrong. */
uint64_t heap_check(uint64_t vpn);
uint64_t heap_mismatches(void);
uint64_t heap_first_bad(void);

#endif
