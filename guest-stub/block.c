/* The paging area's driver (see block.h). */
#include "guest-stub/block.h"

#include "guest-stub/hypercall.h"

_Static_assert(BLOCK_MAX_PAGES * BLOCK_SECTORS_PER_PAGE == HC_BLOCK_MAX_SECTORS,
	       "a request of the most pages is the most sectors");

uint64_t block_pages(void)
{
	struct hc_result r = hypercall(HC_BLOCK_INFO, 0, 0, 0, 0);

	if (r.status < 0 || r.rcx != BLOCK_SECTOR_SIZE)
		return 0;
	return r.rbx / BLOCK_SECTORS_PER_PAGE;
}

int64_t block_io(uint64_t op, uint64_t sector, uint64_t count, uint64_t buf_gpa)
{
	return hypercall(HC_BLOCK_IO, op, sector, count, buf_gpa).status;
}

int64_t block_read(uint64_t first, uint64_t buf_gpa, unsigned pages)
{
	return block_io(BLOCK_OP_READ, first * BLOCK_SECTORS_PER_PAGE,
			(uint64_t)pages * BLOCK_SECTORS_PER_PAGE, buf_gpa);
}

int64_t block_write(uint64_t first, uint64_t buf_gpa, unsigned pages)
{
	return block_io(BLOCK_OP_WRITE, first * BLOCK_SECTORS_PER_PAGE,
			(uint64_t)pages * BLOCK_SECTORS_PER_PAGE, buf_gpa);
}
