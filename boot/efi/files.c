/* Reading whole files from the boot volume with the Simple File System. */
#include "boot/efi/files.h"

#include <efilib.h>

#include "boot/efi/elf.h"

EFI_STATUS files_open_volume(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS s = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li);

	if (EFI_ERROR(s))
		return s;
	*root = LibOpenRoot(li->DeviceHandle);
	return *root ? EFI_SUCCESS : EFI_NOT_FOUND;
}

EFI_STATUS files_alloc_low(UINTN bytes, EFI_MEMORY_TYPE type, void **p)
{
	EFI_PHYSICAL_ADDRESS a = HV_PHYS_LIMIT - 1;
	EFI_STATUS s = BS->AllocatePages(AllocateMaxAddress, type,
					 EFI_SIZE_TO_PAGES(bytes ? bytes : 1), &a);

	*p = (void *)(UINTN)a;
	return s;
}

static EFI_STATUS file_size(EFI_FILE_HANDLE fh, UINTN *size)
{
	EFI_FILE_INFO *info = LibFileInfo(fh);

	if (!info)
		return EFI_DEVICE_ERROR;
	*size = info->FileSize;
	FreePool(info);
	return EFI_SUCCESS;
}

static EFI_STATUS read_open(EFI_FILE_HANDLE fh, struct efi_file *f)
{
	EFI_STATUS s = file_size(fh, &f->size);
	UINTN got;

	if (EFI_ERROR(s))
		return s;
	s = files_alloc_low(f->size, EfiLoaderData, (void **)&f->data);
	if (EFI_ERROR(s))
		return s;
	got = f->size;
	s = fh->Read(fh, &got, f->data);
	if (!EFI_ERROR(s) && got != f->size)
		s = EFI_END_OF_FILE;
	return s;
}

EFI_STATUS files_read(EFI_FILE_HANDLE root, struct efi_file *f)
{
	EFI_FILE_HANDLE fh;
	EFI_STATUS s = root->Open(root, &fh, (CHAR16 *)f->path, EFI_FILE_MODE_READ, 0);

	if (EFI_ERROR(s))
		return s;
	s = read_open(fh, f);
	fh->Close(fh);
	return s;
}
