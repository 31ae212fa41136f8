/*
 * The block-check workload: the paging area's device as the ABI says it
 * must behave. Without an area every request is HC_E_NO_DEVICE. With
 * one, every bad request is refused with its own code and leaves the
 * buffer as it was; then it writes its whole area, eight pages at a time,
 * and reads every page back. A request the disk failed (the scenario's
 * swap fail-read or fail-write) must return HC_E_IO with the buffer as it
 * was, and succeed when made again.
 */
#include <ballast/hypercall.h>

#include "guest-stub/block.h"
#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"

#define GUARD 0x6b6c6f636bull   /* "block": a buffer a read must not touch */
#define WORDS (PAGE_SIZE / 8)

struct bad_io {
	const char *what;
	uint64_t op, sector, count, buf;
	int64_t expect;
};

static uint64_t *buf;           /* BLOCK_MAX_PAGES pages */
static uint64_t seed, failures;

static uint64_t word(uint64_t page, unsigned i)
{
	return (page * 0x9e3779b97f4a7c15ull) ^ (i * 0xbf58476d1ce4e5b9ull) ^ seed;
}

static void fill(uint64_t value_page, bool guard)
{
	for (unsigned p = 0; p < BLOCK_MAX_PAGES; p++)
		for (unsigned i = 0; i < WORDS; i++)
			buf[p * WORDS + i] = guard ? GUARD : word(value_page + p, i);
}

static bool guarded(void)
{
	for (unsigned i = 0; i < BLOCK_MAX_PAGES * WORDS; i++)
		if (buf[i] != GUARD)
			return false;
	return true;
}

/* BLOCK_MAX_PAGES pages in a row from the allocator, touched. */
static bool take_buffer(void)
{
	uint64_t first = palloc_get();

	for (unsigned p = 1; p < BLOCK_MAX_PAGES; p++)
		if (palloc_get() != first + p)
			return false;
	buf = gfn_ptr(first);
	fill(0, true);
	return first != 0;
}

static void check_no_device(void)
{
	uint64_t b = (uint64_t)(uintptr_t)buf;
	int64_t r = block_io(BLOCK_OP_READ, 0, 8, b), w = block_io(BLOCK_OP_WRITE, 0, 8, b);

	if (r != HC_E_NO_DEVICE || w != HC_E_NO_DEVICE)
		report_fail("block I/O without a paging area: read %ld, write %ld, want %d",
			    (long)r, (long)w, HC_E_NO_DEVICE);
	gprintf("block: no paging area; read and write refused with HC_E_NO_DEVICE\n");
}

static void check_bad_calls(uint64_t sectors, uint64_t mem)
{
	uint64_t b = (uint64_t)(uintptr_t)buf, untouched = palloc_get() << PAGE_SHIFT;
	const struct bad_io calls[] = {
		{ "op 2", 2, 0, 8, b, HC_E_INVAL },
		{ "op ~0", ~0ull, 0, 8, b, HC_E_INVAL },
		{ "count 0", BLOCK_OP_READ, 0, 0, b, HC_E_COUNT },
		{ "count over the maximum", BLOCK_OP_READ, 0, HC_BLOCK_MAX_SECTORS + 8, b, HC_E_COUNT },
		{ "count right in 32 bits only", BLOCK_OP_READ, 0, (1ull << 32) | 8, b, HC_E_COUNT },
		{ "buffer not page-aligned", BLOCK_OP_READ, 0, 8, b + 8, HC_E_ALIGN },
		{ "count not whole pages", BLOCK_OP_READ, 0, 12, b, HC_E_ALIGN },
		{ "first sector past the area", BLOCK_OP_READ, sectors, 8, b, HC_E_RANGE },
		{ "range across the area's end", BLOCK_OP_READ, sectors - 8, 16, b, HC_E_RANGE },
		{ "range wrapping around", BLOCK_OP_WRITE, ~0ull - 7, 16, b, HC_E_RANGE },
		{ "buffer in an untouched page", BLOCK_OP_WRITE, 0, 8, untouched, HC_E_FAULT },
		{ "buffer outside memory", BLOCK_OP_READ, 0, 8, mem, HC_E_FAULT },
		{ "buffer across the end of memory", BLOCK_OP_READ, 0, 16, mem - PAGE_SIZE, HC_E_FAULT },
		{ "buffer wrapping the address space", BLOCK_OP_READ, 0, 8, ~0ull & ~(PAGE_SIZE - 1), HC_E_FAULT },
	};
	unsigned n = sizeof(calls) / sizeof(calls[0]), refused = 0;

	for (unsigned i = 0; i < n; i++) {
		int64_t st = block_io(calls[i].op, calls[i].sector, calls[i].count, calls[i].buf);

		if (st == calls[i].expect && guarded()) {
			refused++;
			continue;
		}
		report_fail("bad block request not refused right: %s: status %ld, want %ld%s",
			    calls[i].what, (long)st, (long)calls[i].expect,
			    guarded() ? "" : "; the buffer changed");
		fill(0, true);
	}
	gprintf("block: %u of %u bad requests refused with the right code, the buffer unchanged\n",
		refused, n);
}

/* A request the disk may fail once (fault injection): a failed read must
 * leave the buffer as it was; made again, it must go through. */
static int64_t request(bool write, uint64_t page)
{
	uint64_t b = (uint64_t)(uintptr_t)buf;
	int64_t st = write ? block_write(page, b, BLOCK_MAX_PAGES)
			   : block_read(page, b, BLOCK_MAX_PAGES);

	if (st != HC_E_IO)
		return st;
	failures++;
	if (!write && !guarded())
		report_fail("a failed read at page %lu changed the buffer", page);
	return write ? block_write(page, b, BLOCK_MAX_PAGES)
		     : block_read(page, b, BLOCK_MAX_PAGES);
}

static uint64_t read_back(uint64_t page)
{
	uint64_t bad = 0;

	fill(0, true);
	if (request(false, page) != 0)
		return BLOCK_MAX_PAGES * WORDS;
	for (unsigned p = 0; p < BLOCK_MAX_PAGES; p++)
		for (unsigned i = 0; i < WORDS; i++)
			bad += buf[p * WORDS + i] != word(page + p, i);
	return bad;
}

static void check_whole_area(uint64_t pages)
{
	uint64_t bad = 0, refused = 0;

	for (uint64_t p = 0; p + BLOCK_MAX_PAGES <= pages; p += BLOCK_MAX_PAGES) {
		fill(p, false);
		refused += request(true, p) != 0;
	}
	for (uint64_t p = 0; p + BLOCK_MAX_PAGES <= pages; p += BLOCK_MAX_PAGES)
		bad += read_back(p);
	gprintf("block: wrote and read back %lu pages; %lu requests refused, %lu words differ, %lu disk errors seen\n",
		pages / BLOCK_MAX_PAGES * BLOCK_MAX_PAGES, refused, bad, failures);
	if (refused || bad)
		report_fail("paging area: %lu writes refused, %lu words read back wrong",
			    refused, bad);
}

void run_block_check(const struct guest_start_info *si)
{
	struct hc_result info = hypercall(HC_BLOCK_INFO, 0, 0, 0, 0);

	seed = si->seed;
	if (!take_buffer()) {
		report_error("no %u pages in a row for the buffer", BLOCK_MAX_PAGES);
		return;
	}
	if (info.status != 0 || info.rcx != BLOCK_SECTOR_SIZE ||
	    info.rbx % BLOCK_SECTORS_PER_PAGE)
		report_fail("HC_BLOCK_INFO: status %ld, %lu sectors of %lu bytes",
			    (long)info.status, info.rbx, info.rcx);
	if (info.rbx == 0) {
		check_no_device();
		report_pass();
		return;
	}
	gprintf("block: paging area of %lu sectors (%lu pages)\n", info.rbx,
		info.rbx / BLOCK_SECTORS_PER_PAGE);
	check_bad_calls(info.rbx, si->memory_bytes);
	check_whole_area(info.rbx / BLOCK_SECTORS_PER_PAGE);
	report_pass();
}
