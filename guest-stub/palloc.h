/*
 * The guest stub's page allocator over its own memory above the image: a
 * bitmap of free pages, lowest first, so pages the guest already touched
 * (and freed) are reused before untouched ones. When free pages fall under
 * a low watermark it raises a low-memory notification, as Windows does for
 * the CLR in the case study; workloads poll it and free what they can.
 */
#ifndef GUEST_STUB_PALLOC_H
#define GUEST_STUB_PALLOC_H

#include <stdbool.h>
#include <stdint.h>

/* Manages [first_gfn, end_gfn), cut at GUEST_MAPPED_LIMIT: the stub
 * reaches only what its start page tables map, and the bitmap is sized
 * for that. The watermark is a fraction of it. */
void palloc_init(uint64_t first_gfn, uint64_t end_gfn);

/* A free page, or 0 when none is left. Not zeroed. */
uint64_t palloc_get(void);
void palloc_put(uint64_t gfn);

uint64_t palloc_free_pages(void);
uint64_t palloc_total_pages(void);

/* True once after free pages fell under the watermark (edge-triggered). */
bool palloc_take_lowmem(void);
uint64_t palloc_lowmem_events(void);

#endif
