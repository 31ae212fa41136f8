/*
 * From the boot memory map to the page allocator: which machine memory
 * the hypervisor manages. Usable ranges, minus what must stay untouched
 * (the hypervisor image, the boot modules, the first MiB), up to the
 * scenario's machine memory, so an experiment sees the same machine
 * whatever the emulator or board really has.
 */
#ifndef HV_MM_MEMMAP_H
#define HV_MM_MEMMAP_H

#include <ballast/bootinfo.h>

#include "hv/mm/pmem.h"

#define MEMMAP_MAX_EXCLUDED (BOOT_MAX_MODULES + 2)
#define MEMMAP_LOW_LIMIT 0x100000ull /* BIOS and firmware data below 1 MiB */

struct memmap_excluded {
	maddr_t start, end;
};

/*
 * Adds to p (then commits it) the usable memory of bi minus the excluded
 * ranges, lowest first, until budget bytes are managed (0: no budget).
 * Returns ST_OK, or the first failing pmem status; ST_NOMEM when no usable
 * memory is left at all.
 */
int memmap_init(struct pmem *p, const struct boot_info *bi,
		const struct memmap_excluded *ex, unsigned nex,
		uint64_t budget);

#endif
