/*
 * Unit tests of hv/mm/memmap.c: which machine memory the hypervisor takes
 * from the boot memory map. The "machine" is an arena whose addresses stand
 * for machine addresses, as in test_pmem.c.
 */
#include "hv/mm/memmap.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_PAGES 256

static unsigned char *arena;
static maddr_t base;
static struct boot_info bi;
static struct pmem pm;

static maddr_t at(unsigned page)
{
	return base + (maddr_t)page * PAGE_SIZE;
}

static void map_reset(void)
{
	if (!arena)
		arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	base = ptr_maddr(arena);
	memset(&bi, 0, sizeof(bi));
}

static void map_add(maddr_t start, maddr_t end, uint32_t type)
{
	bi.mem[bi.nr_mem_ranges++] = (struct boot_mem_range){ start, end - start,
							      type, 0 };
}

static void test_usable_only(void)
{
	map_reset();
	map_add(at(0), at(64), BOOT_MEM_USABLE);
	map_add(at(64), at(128), BOOT_MEM_RESERVED);
	map_add(at(128), at(192), BOOT_MEM_ACPI_NVS);
	map_add(at(192), at(256), BOOT_MEM_USABLE);
	CHECK(memmap_init(&pm, &bi, NULL, 0, 0) == ST_OK);
	CHECK(pmem_total(&pm) == 128);
	CHECK(pmem_owner_of(&pm, (at(100) >> PAGE_SHIFT)) == PMEM_UNMANAGED);
	CHECK(pmem_owner_of(&pm, (at(200) >> PAGE_SHIFT)) != PMEM_UNMANAGED);
	CHECK(pmem_check(&pm) == ST_OK);
}

static void test_excluded(void)
{
	struct memmap_excluded ex[] = {
		{ at(10), at(20) },                       /* inside */
		{ at(60), at(70) },                       /* across an end */
		{ at(100) + 100, at(101) + 100 },         /* unaligned: 2 pages */
	};

	map_reset();
	map_add(at(0), at(64), BOOT_MEM_USABLE);
	map_add(at(64), at(256), BOOT_MEM_USABLE);
	CHECK(memmap_init(&pm, &bi, ex, 3, 0) == ST_OK);
	CHECK(pmem_total(&pm) == 256 - 10 - 10 - 2);
	for (unsigned pg = 10; pg < 20; pg++)
		CHECK(pmem_owner_of(&pm, at(pg) >> PAGE_SHIFT) == PMEM_UNMANAGED);
	CHECK(pmem_owner_of(&pm, at(100) >> PAGE_SHIFT) == PMEM_UNMANAGED);
	CHECK(pmem_owner_of(&pm, at(101) >> PAGE_SHIFT) == PMEM_UNMANAGED);
	CHECK(pmem_owner_of(&pm, at(102) >> PAGE_SHIFT) != PMEM_UNMANAGED);
	CHECK(pmem_check(&pm) == ST_OK);
}

static void test_budget(void)
{
	map_reset();
	map_add(at(0), at(100), BOOT_MEM_USABLE);
	map_add(at(150), at(256), BOOT_MEM_USABLE);
	CHECK(memmap_init(&pm, &bi, NULL, 0, 120 * PAGE_SIZE) == ST_OK);
	CHECK(pmem_total(&pm) == 120);
	/* lowest first: the first range whole, then 20 pages of the second */
	CHECK(pmem_owner_of(&pm, at(169) >> PAGE_SHIFT) != PMEM_UNMANAGED);
	CHECK(pmem_owner_of(&pm, at(170) >> PAGE_SHIFT) == PMEM_UNMANAGED);
}

static void test_low_memory_and_empty(void)
{
	map_reset();
	map_add(0x1000, 0x9f000, BOOT_MEM_USABLE);
	CHECK(memmap_init(&pm, &bi, NULL, 0, 0) == ST_NOMEM);
	map_add(at(0), at(8), BOOT_MEM_USABLE);
	CHECK(memmap_init(&pm, &bi, NULL, 0, 0) == ST_OK);
	CHECK(pmem_total(&pm) == 8);
}

static void test_same_map_same_pages(void)
{
	mfn_t first[2];

	for (int run = 0; run < 2; run++) {
		map_reset();
		map_add(at(0), at(256), BOOT_MEM_USABLE);
		CHECK(memmap_init(&pm, &bi, NULL, 0, 64 * PAGE_SIZE) == ST_OK);
		first[run] = pmem_alloc(&pm, PMEM_GUEST);
	}
	CHECK(first[0] == first[1] && first[0] != MFN_INVALID);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "only usable ranges are managed", test_usable_only },
		{ "the image, modules and their page ends stay out", test_excluded },
		{ "the scenario's budget, lowest memory first", test_budget },
		{ "below 1 MiB ignored; nothing usable is refused", test_low_memory_and_empty },
		{ "same map, same pages", test_same_map_same_pages },
	};
	int rc = CHECK_RUN("memmap", tests);

	free(arena);
	return rc;
}
