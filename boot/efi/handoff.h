/*
 * The last steps of the loader: take the memory map, leave boot services
 * and jump to the hypervisor's entry64 in 64-bit mode with interrupts off
 * and RDI = the struct boot_info.
 */
#ifndef BOOT_EFI_HANDOFF_H
#define BOOT_EFI_HANDOFF_H

#include <efi.h>

#include "include/ballast/bootinfo.h"

struct efi_map {
	void *buf;
	UINTN capacity; /* bytes in buf */
	UINTN size;     /* bytes of the last map taken */
	UINTN key;
	UINTN desc_size;
	UINT32 desc_version;
};

/* Allocates the map buffer, with room for what later allocations add, and
 * takes a first map (to report errors while the console still works). */
EFI_STATUS handoff_map(struct efi_map *m);

/* Exits boot services and starts the hypervisor; returns only when boot
 * services could not be left. */
EFI_STATUS handoff(EFI_HANDLE image, struct efi_map *m, struct boot_info *bi,
		   UINT64 entry);

#endif
