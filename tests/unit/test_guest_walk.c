/*
 * Unit tests of the guest page walk (hv/arch/x86/guest_walk.c) over a
 * small guest memory: 4 KiB, 2 MiB and 1 GiB pages, Linux's high-half
 * kernel addresses, a fetch across a page boundary, paging off; then
 * not-present entries, non-canonical addresses, unwalked modes, and a
 * table or code page the p2m refuses, whose gpa comes back.
 */
#include "hv/arch/x86/guest_walk.h"
#include "tests/unit/check.h"

#include <string.h>

#define PAGES 32
#define P 0x1ull
#define RW 0x2ull
#define PS 0x80ull

static uint8_t mem[PAGES * PAGE_SIZE];
static gpa_t refused = ~0ull; /* a page the fake p2m says is not mapped */

static int fake_read(void *ctx, gpa_t gpa, void *dst, size_t len)
{
	(void)ctx;
	if (gpa + len > sizeof(mem) || gpa + len < gpa)
		return ST_RANGE;
	if ((gpa & ~PAGE_MASK) == refused)
		return ST_NOENT;
	memcpy(dst, mem + gpa, len);
	return ST_OK;
}

static void set(unsigned page, unsigned index, uint64_t entry)
{
	memcpy(mem + page * PAGE_SIZE + index * 8, &entry, 8);
}

static const struct guest_paging lm = {
	.cr0 = 0x80000001ull, .cr3 = 1 * PAGE_SIZE, .cr4 = 0x20, .efer = 0x500};

/* Page 1 the PML4; 2 and 5 PDPTs; 3 and 6 PDs; 4 and 7 PTs. */
static void tables(void)
{
	memset(mem, 0, sizeof(mem));
	refused = ~0ull;
	set(1, 0, 2 * PAGE_SIZE | P | RW);
	set(2, 0, 3 * PAGE_SIZE | P | RW);
	set(3, 0, 4 * PAGE_SIZE | P | RW);
	set(4, 5, 10 * PAGE_SIZE | P);
	set(4, 6, 11 * PAGE_SIZE | P);
	set(3, 1, 0x40000000ull | P | PS); /* 2 MiB page at 1 GiB */
	set(2, 1, 0x80000000ull | P | PS); /* 1 GiB page at 2 GiB */
	set(1, 511, 5 * PAGE_SIZE | P);    /* the kernel's top 2 GiB */
	set(5, 510, 6 * PAGE_SIZE | P);
	set(6, 8, 7 * PAGE_SIZE | P);
	set(7, 0, 12 * PAGE_SIZE | P);
}

static int translate(const struct guest_paging *pg, uint64_t la, gpa_t *gpa, gpa_t *failed)
{
	return guest_translate(pg, fake_read, NULL, la, gpa, failed);
}

static void test_pages(void)
{
	gpa_t gpa = 0, failed = 0;

	tables();
	CHECK(translate(&lm, 0x5123, &gpa, &failed) == ST_OK && gpa == 10 * PAGE_SIZE + 0x123);
	CHECK(translate(&lm, 0x212345, &gpa, &failed) == ST_OK && gpa == 0x40012345ull);
	CHECK(translate(&lm, 0x40123456, &gpa, &failed) == ST_OK && gpa == 0x80123456ull);
	CHECK(translate(&lm, 0xffffffff81000042ull, &gpa, &failed) == ST_OK &&
	      gpa == 12 * PAGE_SIZE + 0x42);
	struct guest_paging off = {.cr0 = 1};

	CHECK(translate(&off, 0x1234, &gpa, &failed) == ST_OK && gpa == 0x1234);
}

static void test_fetch_across_pages(void)
{
	uint8_t code[6];
	gpa_t failed = 0;

	tables();
	memcpy(mem + 11 * PAGE_SIZE - 3, "\x48\x8b\x87", 3);
	memcpy(mem + 11 * PAGE_SIZE, "\x10\x00\x00", 3);
	CHECK(guest_fetch(&lm, fake_read, NULL, 0x6000 - 3, code, 6, &failed) == ST_OK);
	CHECK(memcmp(code, "\x48\x8b\x87\x10\x00\x00", 6) == 0);
	refused = 11 * PAGE_SIZE;
	CHECK(guest_fetch(&lm, fake_read, NULL, 0x6000 - 3, code, 6, &failed) == ST_NOENT);
	CHECK(failed == 11 * PAGE_SIZE);
}

static void test_refused(void)
{
	gpa_t gpa = 7, failed = 0;
	struct guest_paging pg = lm;

	tables();
	CHECK(translate(&lm, 0x7000, &gpa, &failed) == ST_NOENT); /* PT entry 7 absent */
	CHECK(translate(&lm, 0x8000000000ull, &gpa, &failed) == ST_NOENT); /* PML4 1 */
	CHECK(translate(&lm, 0x0000800000000000ull, &gpa, &failed) == ST_INVAL); /* canonical */
	refused = 3 * PAGE_SIZE;
	CHECK(translate(&lm, 0x5000, &gpa, &failed) == ST_NOENT && failed == 3 * PAGE_SIZE + 0);
	refused = ~0ull;
	set(1, 0, (34 * PAGE_SIZE) | P); /* a table past the guest */
	CHECK(translate(&lm, 0x5000, &gpa, &failed) == ST_RANGE);
	tables();
	set(1, 2, 2 * PAGE_SIZE | P | PS); /* PS in the PML4: reserved */
	CHECK(translate(&lm, 0x10000000000ull, &gpa, &failed) == ST_INVAL);
	pg.efer = 0; /* 32-bit or PAE paging: not walked */
	CHECK(translate(&pg, 0x5000, &gpa, &failed) == ST_INVAL);
	pg = lm;
	pg.cr4 |= 1ull << 12; /* 5-level */
	CHECK(translate(&pg, 0x5000, &gpa, &failed) == ST_INVAL);
	CHECK(gpa == 7);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{"4 KiB, 2 MiB, 1 GiB pages and paging off", test_pages},
		{"a fetch crosses a page, a refused page is named", test_fetch_across_pages},
		{"absent entries, bad addresses and modes refused", test_refused},
	};
	return CHECK_RUN("guest walk", tests);
}
