/*
 * The UEFI memory map turned into struct boot_info's ranges, the same kind
 * the Multiboot2 path gives. Pure code over the map buffer (it includes
 * efi.h for the descriptor's layout only), so host unit tests check it.
 */
#ifndef BOOT_EFI_BOOTMAP_H
#define BOOT_EFI_BOOTMAP_H

#include <efi.h>

#include "include/ballast/bootinfo.h"

/* Sorts MAP (MAP_SIZE bytes of DESC_SIZE-byte descriptors) by address in
 * place, then fills bi->mem with its ranges, neighbours of one type
 * merged. Returns how many ranges did not fit (0 when all did). */
uint32_t bootmap_from_efi(void *map, UINTN map_size, UINTN desc_size,
			  struct boot_info *bi);

/* Bytes in ranges of type BOOT_MEM_USABLE. */
uint64_t bootmap_usable(const struct boot_info *bi);

#endif
