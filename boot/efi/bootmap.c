/*
 * UEFI memory types to boot_info ranges. After ExitBootServices the memory
 * of the firmware's boot services and of this loader is free for the
 * hypervisor: boot_info is copied by the hypervisor before it allocates,
 * and it excludes its own image and the modules itself. Runtime services,
 * ACPI and MMIO stay reserved.
 *
 * UEFI does not promise an ordered map, but the hypervisor applies its
 * memory budget in map order, so the map is sorted first; merging
 * neighbours keeps a map of a few hundred descriptors within
 * BOOT_MAX_MEM_RANGES.
 */
#include "boot/efi/bootmap.h"

#include <stdbool.h>

static uint32_t boot_type(UINT32 efi_type)
{
	switch (efi_type) {
	case EfiLoaderCode:
	case EfiLoaderData:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiConventionalMemory:
		return BOOT_MEM_USABLE;
	case EfiACPIReclaimMemory:
		return BOOT_MEM_ACPI_RECLAIMABLE;
	case EfiACPIMemoryNVS:
		return BOOT_MEM_ACPI_NVS;
	case EfiUnusableMemory:
		return BOOT_MEM_BAD;
	default:
		return BOOT_MEM_RESERVED;
	}
}

/* Descriptors are DESC_SIZE apart, which may exceed the struct (the
 * firmware may append fields): always step by DESC_SIZE. */
static EFI_MEMORY_DESCRIPTOR *desc_at(void *map, UINTN desc_size, UINTN i)
{
	return (EFI_MEMORY_DESCRIPTOR *)((UINT8 *)map + i * desc_size);
}

/* Insertion sort: the map is short and nearly always sorted already, and
 * nothing may be allocated here after ExitBootServices. */
static void sort_map(void *map, UINTN n, UINTN desc_size)
{
	for (UINTN i = 1; i < n; i++) {
		EFI_MEMORY_DESCRIPTOR key = *desc_at(map, desc_size, i);
		UINTN j = i;

		for (; j > 0 && desc_at(map, desc_size, j - 1)->PhysicalStart >
					key.PhysicalStart; j--)
			*desc_at(map, desc_size, j) = *desc_at(map, desc_size, j - 1);
		*desc_at(map, desc_size, j) = key;
	}
}

static bool add_range(struct boot_info *bi, uint64_t base, uint64_t length,
		      uint32_t type)
{
	if (bi->nr_mem_ranges) {
		struct boot_mem_range *last = &bi->mem[bi->nr_mem_ranges - 1];

		if (last->type == type && last->base + last->length == base) {
			last->length += length;
			return true;
		}
	}
	if (bi->nr_mem_ranges == BOOT_MAX_MEM_RANGES)
		return false;
	bi->mem[bi->nr_mem_ranges++] = (struct boot_mem_range){ base, length, type, 0 };
	return true;
}

uint32_t bootmap_from_efi(void *map, UINTN map_size, UINTN desc_size,
			  struct boot_info *bi)
{
	UINTN n = map_size / desc_size;
	uint32_t dropped = 0;

	sort_map(map, n, desc_size);
	bi->nr_mem_ranges = 0;
	for (UINTN i = 0; i < n; i++) {
		const EFI_MEMORY_DESCRIPTOR *d = desc_at(map, desc_size, i);

		if (!add_range(bi, d->PhysicalStart,
			       d->NumberOfPages << EFI_PAGE_SHIFT,
			       boot_type(d->Type)))
			dropped++;
	}
	return dropped;
}

uint64_t bootmap_usable(const struct boot_info *bi)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < bi->nr_mem_ranges; i++)
		if (bi->mem[i].type == BOOT_MEM_USABLE)
			total += bi->mem[i].length;
	return total;
}
