/*
 * The guest's paging area as a block device: a thin driver over
 * HC_BLOCK_INFO and HC_BLOCK_IO (include/ballast/hypercall.h). It moves
 * whole pages; buffers are guest-physical, page-aligned, in pages the
 * guest holds (touched, not ballooned). A call returns once the transfer
 * is done: the guest waits in the hypervisor's disk queue meanwhile.
 */
#ifndef GUEST_STUB_BLOCK_H
#define GUEST_STUB_BLOCK_H

#include <stdint.h>

/* Pages in this guest's paging area; 0 when it has none. */
uint64_t block_pages(void);

/* Moves pages (1..BLOCK_MAX_PAGES) between the area's pages from first
 * on and the buffer at guest-physical buf_gpa. Returns 0, or the
 * hypercall's negative HC_E_* code. */
#define BLOCK_MAX_PAGES 8
int64_t block_read(uint64_t first, uint64_t buf_gpa, unsigned pages);
int64_t block_write(uint64_t first, uint64_t buf_gpa, unsigned pages);

/* HC_BLOCK_IO as it is, for tests that make bad calls. */
int64_t block_io(uint64_t op, uint64_t sector, uint64_t count, uint64_t buf_gpa);

#endif
