/*
 * Unit tests of the UEFI memory map conversion (boot/efi/bootmap.c): types,
 * sorting, merging, descriptors larger than the struct, and overflow.
 */
#include "boot/efi/bootmap.h"
#include "tests/unit/check.h"

#include <string.h>

#define DESC_SIZE 48 /* what OVMF reports: 8 bytes more than the struct */
#define MAX_DESCS 300

static union {
	UINT64 align;
	UINT8 b[MAX_DESCS * DESC_SIZE];
} map;
static UINTN ndesc;
static struct boot_info bi;

static void add(UINT32 type, UINT64 base, UINT64 pages)
{
	EFI_MEMORY_DESCRIPTOR d = { .Type = type, .PhysicalStart = base,
				    .NumberOfPages = pages };

	memset(map.b + ndesc * DESC_SIZE, 0xee, DESC_SIZE);
	memcpy(map.b + ndesc * DESC_SIZE, &d, sizeof(d));
	ndesc++;
}

static uint32_t convert(void)
{
	memset(&bi, 0, sizeof(bi));
	return bootmap_from_efi(map.b, ndesc * DESC_SIZE, DESC_SIZE, &bi);
}

static void test_types_and_merging(void)
{
	ndesc = 0;
	add(EfiConventionalMemory, 0x0, 0xa0);
	add(EfiBootServicesData, 0x100000, 0x100);
	add(EfiLoaderCode, 0x200000, 0x100);
	add(EfiACPIMemoryNVS, 0x300000, 0x10);
	add(EfiRuntimeServicesData, 0x310000, 0x10);
	add(EfiMemoryMappedIO, 0xffc00000, 0x400);
	add(EfiACPIReclaimMemory, 0x320000, 0x1);
	add(EfiUnusableMemory, 0x321000, 0x1);
	CHECK(convert() == 0);
	CHECK(bi.nr_mem_ranges == 7);
	CHECK(bi.mem[0].type == BOOT_MEM_USABLE && bi.mem[0].length == 0xa0000);
	CHECK(bi.mem[1].type == BOOT_MEM_USABLE && bi.mem[1].base == 0x100000 &&
	      bi.mem[1].length == 0x200000);
	CHECK(bi.mem[2].type == BOOT_MEM_ACPI_NVS);
	CHECK(bi.mem[3].type == BOOT_MEM_RESERVED);
	CHECK(bi.mem[4].type == BOOT_MEM_ACPI_RECLAIMABLE);
	CHECK(bi.mem[5].type == BOOT_MEM_BAD);
	CHECK(bi.mem[6].type == BOOT_MEM_RESERVED && bi.mem[6].base == 0xffc00000);
	CHECK(bootmap_usable(&bi) == 0xa0000 + 0x200000);
}

static void test_sorted(void)
{
	ndesc = 0;
	add(EfiConventionalMemory, 0x300000, 0x100);
	add(EfiConventionalMemory, 0x100000, 0x100);
	add(EfiReservedMemoryType, 0x200000, 0x100);
	CHECK(convert() == 0);
	CHECK(bi.nr_mem_ranges == 3);
	CHECK(bi.mem[0].base == 0x100000 && bi.mem[1].base == 0x200000 &&
	      bi.mem[2].base == 0x300000);
	CHECK(bi.mem[1].type == BOOT_MEM_RESERVED);
}

/* Gaps keep ranges apart even of one type. */
static void test_gap_not_merged(void)
{
	ndesc = 0;
	add(EfiConventionalMemory, 0x100000, 0x10);
	add(EfiConventionalMemory, 0x200000, 0x10);
	CHECK(convert() == 0);
	CHECK(bi.nr_mem_ranges == 2);
}

static void test_overflow(void)
{
	ndesc = 0;
	for (UINTN i = 0; i < BOOT_MAX_MEM_RANGES + 5; i++)
		add(i % 2 ? EfiConventionalMemory : EfiACPIMemoryNVS,
		    i * 0x1000, 1);
	CHECK(convert() == 5);
	CHECK(bi.nr_mem_ranges == BOOT_MAX_MEM_RANGES);
	CHECK(bi.mem[BOOT_MAX_MEM_RANGES - 1].base ==
	      (BOOT_MAX_MEM_RANGES - 1) * 0x1000);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "UEFI types map to boot types, neighbours merge", test_types_and_merging },
		{ "an unsorted map comes out sorted", test_sorted },
		{ "ranges with a gap stay apart", test_gap_not_merged },
		{ "ranges past BOOT_MAX_MEM_RANGES are counted as dropped", test_overflow },
	};

	return CHECK_RUN("efi_bootmap", tests);
}
