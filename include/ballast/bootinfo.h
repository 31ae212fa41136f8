/*
 * struct boot_info: what a boot path (Multiboot2 from GRUB, or the UEFI
 * loader) hands the hypervisor. Fixed-width fields, explicit reserved
 * fields, no packing, so both loaders and host tools agree on the layout.
 */
#ifndef BALLAST_BOOTINFO_H
#define BALLAST_BOOTINFO_H

#include <stdint.h>

#define BOOT_INFO_VERSION 1
#define BOOT_MAX_MEM_RANGES 128
#define BOOT_MAX_MODULES 8
#define BOOT_NAME_LEN 64
#define BOOT_CMDLINE_LEN 256

enum boot_mem_type {
	BOOT_MEM_USABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mem_range {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* enum boot_mem_type */
	uint32_t reserved;
};

/* A file the loader placed in memory: the guest image, the scenario. */
struct boot_module {
	uint64_t base;
	uint64_t length;
	char name[BOOT_NAME_LEN]; /* path it was loaded from, NUL-terminated */
};

struct boot_info {
	uint32_t version;
	uint32_t nr_mem_ranges;
	uint32_t nr_modules;
	uint32_t reserved;
	struct boot_mem_range mem[BOOT_MAX_MEM_RANGES];
	struct boot_module modules[BOOT_MAX_MODULES];
	char cmdline[BOOT_CMDLINE_LEN];
};

_Static_assert(sizeof(struct boot_mem_range) == 24, "boot_mem_range layout");
_Static_assert(sizeof(struct boot_module) == 80, "boot_module layout");

#endif
