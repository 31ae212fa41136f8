/*
 * HC_BLOCK_INFO and HC_BLOCK_IO (see block.h): every argument checked in
 * the ABI's order before the disk is touched, a refusal changing nothing.
 * A transfer goes through a bounce buffer, so a failed read leaves the
 * guest's buffer as it was, and the guest's pages are reached only
 * through its own p2m. The device's own time is hidden from the run's
 * clock; the request takes its time in the one disk queue
 * (disk_queue.h), and the guest waits there, off the CPU, till it is done.
 */
#include "hv/core/block.h"

#include <ballast/hypercall.h>

#include "hv/core/clock.h"
#include "hv/core/disk_queue.h"
#include "hv/core/hypercall.h"

#define BLOCK_MAX_BYTES (HC_BLOCK_MAX_SECTORS * BLOCK_SECTOR_SIZE)

_Static_assert(BLOCK_SECTOR_SIZE == SWAP_SECTOR_SIZE,
	       "the paging area's sectors are the swap disk's");
_Static_assert(BLOCK_SECTORS_PER_PAGE * BLOCK_SECTOR_SIZE == PAGE_SIZE,
	       "a block request moves whole pages");

static struct swap_area *device;

void block_init(struct swap_area *sa)
{
	device = sa;
}

static uint64_t area_sectors(const struct guest *g)
{
	return device ? g->paging.sectors : 0;
}

enum exit_action hc_block_info(struct guest *g, struct vcpu_regs *r)
{
	r->rax = 0;
	r->rbx = area_sectors(g);
	r->rcx = BLOCK_SECTOR_SIZE;
	return EXIT_ACTION_RESUME;
}

/* The registers alone, in the ABI's order. */
static int check_request(const struct guest *g, const struct vcpu_regs *r)
{
	uint64_t sectors = area_sectors(g), count = r->rdx;

	if (!sectors)
		return HC_E_NO_DEVICE;
	if (r->rbx != BLOCK_OP_READ && r->rbx != BLOCK_OP_WRITE)
		return HC_E_INVAL;
	if (count == 0 || count > HC_BLOCK_MAX_SECTORS)
		return HC_E_COUNT;
	if ((r->rsi & PAGE_MASK) || count % BLOCK_SECTORS_PER_PAGE)
		return HC_E_ALIGN;
	if (r->rcx >= sectors || count > sectors - r->rcx)
		return HC_E_RANGE;
	return 0;
}

/* The buffer: in the guest's memory, swapped pages read back, and every
 * page one the guest holds (not untouched, not ballooned). */
static int check_buffer(struct guest *g, gpa_t gpa, uint64_t bytes)
{
	int st = guest_buffer(g, gpa, bytes);

	if (st)
		return st;
	for (gfn_t gfn = gpa >> PAGE_SHIFT; gfn < (gpa + bytes) >> PAGE_SHIFT; gfn++)
		if (p2m_state_of(&g->p2m, gfn) != P2M_MAPPED)
			return HC_E_FAULT;
	return 0;
}

/* One checked request through the bounce buffer. */
static int transfer(struct guest *g, const struct vcpu_regs *r)
{
	static uint8_t bounce[BLOCK_MAX_BYTES];
	uint64_t lba = g->paging.lba + r->rcx, bytes = r->rdx * BLOCK_SECTOR_SIZE;
	unsigned n = (unsigned)r->rdx;

	if (r->rbx == BLOCK_OP_WRITE) {
		if (p2m_read(&g->p2m, r->rsi, bounce, bytes) != ST_OK)
			return HC_E_FAULT;
		if (swap_dev_write(device, lba, bounce, n) != ST_OK)
			return HC_E_IO;
		g->paging.writes += n / BLOCK_SECTORS_PER_PAGE;
		return 0;
	}
	if (swap_dev_read(device, lba, bounce, n) != ST_OK)
		return HC_E_IO;
	if (p2m_write(&g->p2m, r->rsi, bounce, bytes) != ST_OK)
		return HC_E_FAULT;
	g->paging.reads += n / BLOCK_SECTORS_PER_PAGE;
	return 0;
}

enum exit_action hc_block_io(struct guest *g, struct vcpu_regs *r)
{
	int err = check_request(g, r);

	if (!err)
		err = check_buffer(g, r->rsi, r->rdx * BLOCK_SECTOR_SIZE);
	if (err == READ_WAIT || err == READ_ENDED)
		return read_failed(g, r, err);
	if (!err) {
		uint64_t start = clock_cycles();

		err = transfer(g, r);
		clock_charge(start, 0);
		guest_wait_disk(g, start, disk_request(r->rdx / BLOCK_SECTORS_PER_PAGE));
	}
	if (err == HC_E_IO)
		g->paging.errors++;
	r->rax = (uint64_t)(int64_t)err;
	return EXIT_ACTION_RESUME;
}
