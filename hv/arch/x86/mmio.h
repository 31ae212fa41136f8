/*
 * Device registers in the boot identity map (boot/multiboot/entry.S maps
 * the first 4 GiB with 2 MiB pages, write-back): a device's range is made
 * uncached there, so that every register access reaches the device.
 */
#ifndef HV_ARCH_X86_MMIO_H
#define HV_ARCH_X86_MMIO_H

#include "hv/lib/types.h"

/* Sets PCD and PWT on the 2 MiB pages covering [base, base + len);
 * ST_RANGE when that is not in the identity map. */
int mmio_map_uncached(maddr_t base, uint64_t len);

#endif
