/*
 * Host tests of the block device plane (hv/core/block.c) over the core
 * fixture's guest and a swap area on a RAM disk with room past it: the
 * area's size, each refusal in the ABI's order changing nothing (no
 * buffer byte, no disk sector, no disk time), transfers both ways, a
 * swapped buffer read back first, injected disk errors, and the wait in
 * the disk queue (hv/core/disk_queue.c, whose arithmetic is tested too).
 */
#include "hv/core/disk_queue.h"
#include "hv/core/exit.h"
#include "tests/unit/check.h"
#include "tests/unit/core_fixture.h"

#include <ballast/hypercall.h>
#include <string.h>

#define G (&core_guest)
#define R (&core_guest.vcpu.regs)
#define MEM_END ((gpa_t)CORE_GUEST_PAGES * PAGE_SIZE)
#define BUF_GFN (core_free_gfn + 8)
#define BUF ((gpa_t)BUF_GFN * PAGE_SIZE)
#define SECTORS (CORE_PAGING_PAGES * BLOCK_SECTORS_PER_PAGE)
#define BUF_PAGES 8

static enum exit_action io(uint64_t op, uint64_t sector, uint64_t count,
			   uint64_t buf)
{
	R->rax = HC_BLOCK_IO;
	R->rbx = op;
	R->rcx = sector;
	R->rdx = count;
	R->rsi = buf;
	return handle_hypercall(G);
}

static bool answered(enum exit_action a, int64_t status)
{
	return a == EXIT_ACTION_RESUME && (int64_t)R->rax == status &&
	       stub_log.skips > 0;
}

/* The buffer's pages, touched, each with content naming it. */
static void touch_buffer(void)
{
	for (unsigned p = 0; p < BUF_PAGES; p++)
		core_touch(BUF_GFN + p);
}

static bool buffer_intact(void)
{
	for (unsigned p = 0; p < BUF_PAGES; p++)
		if (!core_holds_its_content(BUF_GFN + p))
			return false;
	return true;
}

/* What the disk holds past the swap area, for "nothing changed". */
static void snapshot(uint8_t *to)
{
	CHECK(core_swap.dev.read(core_swap.dev.ctx, G->paging.lba, to, SECTORS) == ST_OK);
}

static void test_info(void)
{
	core_setup();
	R->rax = HC_BLOCK_INFO;
	CHECK(answered(handle_hypercall(G), 0));
	CHECK(R->rbx == 0 && R->rcx == BLOCK_SECTOR_SIZE);
	core_give_paging();
	R->rax = HC_BLOCK_INFO;
	CHECK(answered(handle_hypercall(G), 0));
	CHECK(R->rbx == SECTORS && R->rcx == BLOCK_SECTOR_SIZE);
	CHECK(G->hypercall_errors == 0);
	core_teardown();
}

/* Without an area nothing else is looked at. */
static void test_no_device(void)
{
	uint64_t requests = disk()->requests;

	core_setup();
	touch_buffer();
	CHECK(answered(io(BLOCK_OP_READ, 0, 8, BUF), HC_E_NO_DEVICE));
	CHECK(answered(io(7, ~0ull, 0, 3), HC_E_NO_DEVICE));
	CHECK(G->hypercall_errors == 2 && disk()->requests == requests);
	core_teardown();
}

static void test_refusals(void)
{
	static uint8_t before[SECTORS * BLOCK_SECTOR_SIZE], after[sizeof(before)];
	gfn_t untouched = core_free_gfn + 40;
	uint64_t requests;
	slot_t slot;
	const struct { uint64_t op, sector, count, buf; int64_t want; } bad[] = {
		{ 2, 0, 8, BUF, HC_E_INVAL },
		{ ~0ull, 0, 0, BUF + 1, HC_E_INVAL },   /* the op first */
		{ BLOCK_OP_READ, 0, 0, BUF, HC_E_COUNT },
		{ BLOCK_OP_READ, 0, HC_BLOCK_MAX_SECTORS + 8, BUF, HC_E_COUNT },
		{ BLOCK_OP_WRITE, 0, (1ull << 32) | 8, BUF, HC_E_COUNT },
		{ BLOCK_OP_READ, 0, 0, BUF + 8, HC_E_COUNT }, /* count before alignment */
		{ BLOCK_OP_READ, 0, 8, BUF + 8, HC_E_ALIGN },
		{ BLOCK_OP_READ, 0, 12, BUF, HC_E_ALIGN },
		{ BLOCK_OP_READ, SECTORS, 8, BUF + 8, HC_E_ALIGN }, /* alignment before range */
		{ BLOCK_OP_READ, SECTORS, 8, BUF, HC_E_RANGE },
		{ BLOCK_OP_READ, SECTORS - 8, 16, BUF, HC_E_RANGE },
		{ BLOCK_OP_WRITE, ~0ull - 7, 16, BUF, HC_E_RANGE },
		{ BLOCK_OP_WRITE, SECTORS, 8, MEM_END, HC_E_RANGE }, /* range before buffer */
		{ BLOCK_OP_READ, 0, 8, untouched * PAGE_SIZE, HC_E_FAULT },
		{ BLOCK_OP_WRITE, 0, 16, (untouched - 1) * PAGE_SIZE, HC_E_FAULT },
		{ BLOCK_OP_READ, 0, 8, (untouched + 1) * PAGE_SIZE, HC_E_FAULT }, /* ballooned */
		{ BLOCK_OP_READ, 0, 8, MEM_END, HC_E_FAULT },
		{ BLOCK_OP_READ, 0, 16, MEM_END - PAGE_SIZE, HC_E_FAULT },
		{ BLOCK_OP_READ, 0, 8, ~0ull & ~(uint64_t)PAGE_MASK, HC_E_FAULT },
	};
	unsigned n = sizeof(bad) / sizeof(bad[0]);

	core_setup();
	core_give_paging();
	touch_buffer();
	core_touch(untouched - 1);
	CHECK(p2m_prepare(&G->p2m, untouched + 1) == ST_OK);
	CHECK(p2m_balloon(&G->p2m, untouched + 1, &slot) == P2M_UNTOUCHED);
	CHECK(answered(io(BLOCK_OP_WRITE, 0, 8, (untouched - 1) * PAGE_SIZE), 0));
	snapshot(before);
	requests = disk()->requests;
	for (unsigned i = 0; i < n; i++) {
		CHECK(answered(io(bad[i].op, bad[i].sector, bad[i].count, bad[i].buf),
			       bad[i].want));
		CHECK(buffer_intact());
	}
	snapshot(after);
	CHECK(memcmp(before, after, sizeof(before)) == 0);
	CHECK(G->hypercall_errors == n && disk()->requests == requests);
	CHECK(G->paging.reads == 0 && G->paging.writes == 1 && G->paging.errors == 0);
	core_teardown();
}

/* Written pages come back as they were, at the right sectors. */
static void test_round_trip(void)
{
	uint8_t page[PAGE_SIZE];
	uint64_t pages = disk()->pages;

	core_setup();
	core_give_paging();
	touch_buffer();
	CHECK(answered(io(BLOCK_OP_WRITE, SECTORS - 64, 64, BUF), 0));
	CHECK(G->time.io_wait && G->time.io_requests == 1);
	CHECK(core_swap.dev.read(core_swap.dev.ctx, G->paging.lba + SECTORS - 8,
				 page, 8) == ST_OK);
	CHECK(page[0] == (uint8_t)(BUF_GFN + 7) && page[1] == (uint8_t)(BUF_GFN + 8));
	memset(page, 0, sizeof(page));
	for (unsigned p = 0; p < BUF_PAGES; p++)
		CHECK(p2m_write(&G->p2m, BUF + p * PAGE_SIZE, page, PAGE_SIZE) == ST_OK);
	CHECK(answered(io(BLOCK_OP_READ, SECTORS - 64, 64, BUF), 0));
	CHECK(buffer_intact());
	CHECK(G->paging.reads == 8 && G->paging.writes == 8);
	CHECK(disk()->pages - pages == 16 && G->hypercall_errors == 0);
	core_teardown();
}

/* A buffer page the hypervisor swapped out is read back first. */
static void test_swapped_buffer(void)
{
	core_setup();
	core_give_paging();
	touch_buffer();
	core_swap_out(BUF_GFN + 3);
	CHECK(answered(io(BLOCK_OP_WRITE, 0, 64, BUF), 0));
	CHECK(G->hypercall_swap_ins == 1 && buffer_intact());
	core_swap_out(BUF_GFN + 5);
	CHECK(answered(io(BLOCK_OP_READ, 0, 64, BUF), 0));
	CHECK(G->hypercall_swap_ins == 2 && buffer_intact());
	core_teardown();
}

/* The disk fails a request: HC_E_IO, counted, a read's buffer as it was;
 * made again, it goes through. */
static void test_disk_errors(void)
{
	core_setup();
	core_give_paging();
	touch_buffer();
	core_swap.fail_write_at = core_swap.write_tries + 1;
	CHECK(answered(io(BLOCK_OP_WRITE, 0, 64, BUF), HC_E_IO));
	CHECK(answered(io(BLOCK_OP_WRITE, 0, 64, BUF), 0));
	core_swap.fail_read_at = core_swap.read_tries + 1;
	CHECK(answered(io(BLOCK_OP_READ, 0, 64, BUF), HC_E_IO));
	CHECK(buffer_intact());
	CHECK(answered(io(BLOCK_OP_READ, 0, 64, BUF), 0));
	CHECK(buffer_intact());
	CHECK(G->paging.errors == 2 && G->hypercall_errors == 2);
	CHECK(G->paging.writes == 8 && G->paging.reads == 8);
	core_teardown();
}

/* Requests are served in order, one at a time; busy time is what was
 * served by then. */
static void test_queue(void)
{
	struct disk_queue q;

	disk_queue_init(&q, 4096 * 1000, 1000000); /* 1000 cycles a page */
	CHECK(q.cycles_per_page == 1000);
	CHECK(disk_queue_add(&q, 0, 2) == 2000);
	CHECK(disk_queue_add(&q, 500, 1) == 3000);   /* waits 1500 */
	CHECK(disk_queue_busy(&q, 2500) == 2500);
	CHECK(disk_queue_add(&q, 10000, 1) == 11000);  /* idle disk: no wait */
	CHECK(disk_queue_busy(&q, 10000) == 3000);
	CHECK(disk_queue_busy(&q, 20000) == 4000);
	CHECK(q.requests == 3 && q.pages == 4);
	CHECK(q.wait_cycles == 1500 && q.max_wait_cycles == 1500);
	disk_queue_init(&q, 3000, 1000); /* rounded up: 1366 cycles a page */
	CHECK(q.cycles_per_page == 1366);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "HC_BLOCK_INFO: the area's sectors", test_info },
		{ "HC_BLOCK_IO: no area, nothing else looked at", test_no_device },
		{ "HC_BLOCK_IO: each refusal, in order, changes nothing", test_refusals },
		{ "HC_BLOCK_IO: written pages read back", test_round_trip },
		{ "HC_BLOCK_IO: a swapped buffer page is read back first", test_swapped_buffer },
		{ "HC_BLOCK_IO: disk errors", test_disk_errors },
		{ "disk queue: in order, one at a time", test_queue },
	};
	int rc = CHECK_RUN("block", tests);

	core_free();
	return rc;
}
