/*
 * Files on the boot volume (the ESP the loader itself came from), read
 * whole into pages below 4 GiB, where the hypervisor's identity map
 * reaches them: the modules stay where they were read.
 */
#ifndef BOOT_EFI_FILES_H
#define BOOT_EFI_FILES_H

#include <efi.h>

struct efi_file {
	const CHAR16 *path;
	UINT8 *data;
	UINTN size;
};

EFI_STATUS files_open_volume(EFI_HANDLE image, EFI_FILE_HANDLE *root);

/* Reads f->path into fresh pages; f->data and f->size describe them. */
EFI_STATUS files_read(EFI_FILE_HANDLE root, struct efi_file *f);

/* BYTES of TYPE pages below 4 GiB (at least one page). */
EFI_STATUS files_alloc_low(UINTN bytes, EFI_MEMORY_TYPE type, void **p);

#endif
