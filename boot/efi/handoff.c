/*
 * Leaving UEFI. ExitBootServices needs the key of the current memory map;
 * if anything allocated since (a timer event in the firmware can), it fails
 * with EFI_INVALID_PARAMETER and the map must be taken again. Between the
 * two calls nothing may print or allocate, so the buffer is sized ahead.
 */
#include "boot/efi/handoff.h"

#include <efilib.h>

#include "boot/efi/bootmap.h"

#define MAP_SLACK_DESCS 16 /* descriptors later allocations may add */
#define EXIT_TRIES 4

static EFI_STATUS take_map(struct efi_map *m)
{
	m->size = m->capacity;
	return BS->GetMemoryMap(&m->size, m->buf, &m->key, &m->desc_size,
				&m->desc_version);
}

EFI_STATUS handoff_map(struct efi_map *m)
{
	EFI_STATUS s;

	m->capacity = 0;
	s = BS->GetMemoryMap(&m->capacity, NULL, &m->key, &m->desc_size,
			     &m->desc_version);
	if (s != EFI_BUFFER_TOO_SMALL)
		return EFI_ERROR(s) ? s : EFI_DEVICE_ERROR;
	m->capacity += MAP_SLACK_DESCS * m->desc_size;
	m->buf = AllocatePool(m->capacity);
	if (!m->buf)
		return EFI_OUT_OF_RESOURCES;
	return take_map(m);
}

static EFI_STATUS exit_boot_services(EFI_HANDLE image, struct efi_map *m)
{
	EFI_STATUS s = EFI_INVALID_PARAMETER;

	for (int i = 0; i < EXIT_TRIES && s == EFI_INVALID_PARAMETER; i++) {
		s = take_map(m);
		if (EFI_ERROR(s))
			return s;
		s = BS->ExitBootServices(image, m->key);
	}
	return s;
}

/* entry64 takes the System V first argument (RDI) and never returns. */
static __attribute__((noreturn)) void jump(UINT64 entry, struct boot_info *bi)
{
	__asm__ volatile("cli\n\tjmp *%0" : : "r"(entry), "D"(bi) : "memory");
	__builtin_unreachable();
}

EFI_STATUS handoff(EFI_HANDLE image, struct efi_map *m, struct boot_info *bi,
		   UINT64 entry)
{
	EFI_STATUS s = exit_boot_services(image, m);

	if (EFI_ERROR(s))
		return s;
	/* Ranges past BOOT_MAX_MEM_RANGES are dropped silently: the trial
	 * conversion before this refused a map that did not fit, and the
	 * console is gone now. */
	bootmap_from_efi(m->buf, m->size, m->desc_size, bi);
	jump(entry, bi);
}
