/*
 * BOOTX64.EFI, Ballast's UEFI loader. From \ballast\ on the volume it was
 * loaded from it reads the hypervisor (ballast.elf), the guest image
 * (guest-stub.bin) and the scenario (scenario.scn, named after the path in
 * scenario.name), places the hypervisor's segments at their physical
 * addresses, builds the struct boot_info the Multiboot2 path would give,
 * exits boot services and jumps to entry64.
 *
 * Every failure before ExitBootServices is printed on the UEFI console
 * (which OVMF and most firmware mirror to the serial port), what was
 * allocated is freed, and the loader returns the error to the firmware.
 */
#include <efi.h>
#include <efilib.h>

#include "boot/efi/bootmap.h"
#include "boot/efi/elf.h"
#include "boot/efi/files.h"
#include "boot/efi/handoff.h"
#include "boot/efi/scnname.h"
#include "hv/lib/checksum.h"

#define GUEST_MODULE_NAME "guest-stub.bin"

struct loader {
	EFI_HANDLE image;
	EFI_FILE_HANDLE root;
	struct efi_file hv, guest, scn;
	char scn_name[BOOT_NAME_LEN];
	struct hv_image img;
	EFI_PHYSICAL_ADDRESS placed; /* the hypervisor's pages, 0 until placed */
	struct boot_info *bi;
	struct efi_map map;
};

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

static EFI_STATUS fail(EFI_STATUS s, const CHAR16 *fmt, ...)
{
	va_list ap;

	Print(L"ballast-efi: error: ");
	va_start(ap, fmt);
	VPrint(fmt, ap);
	va_end(ap);
	Print(L" (%r)\n", s);
	return s;
}

static void free_pages(void *p, UINTN bytes)
{
	if (p)
		BS->FreePages((EFI_PHYSICAL_ADDRESS)(UINTN)p,
			      EFI_SIZE_TO_PAGES(bytes ? bytes : 1));
}

static EFI_STATUS read_file(struct loader *l, struct efi_file *f,
			    const CHAR16 *path)
{
	EFI_STATUS s;

	f->path = path;
	s = files_read(l->root, f);
	if (EFI_ERROR(s))
		return fail(s, L"cannot read %s", path);
	Print(L"ballast-efi: file %s: %ld bytes, checksum 0x%08x\n", path,
	      (UINT64)f->size, crc32(f->data, f->size));
	return EFI_SUCCESS;
}

/* scenario.name is optional: an ESP made by hand may hold only the
 * scenario, which then goes by SCN_DEFAULT_NAME. */
static EFI_STATUS read_scenario_name(struct loader *l)
{
	struct efi_file f = { L"\\ballast\\scenario.name", NULL, 0 };
	EFI_STATUS s = files_read(l->root, &f);
	const char *why = NULL;

	if (s == EFI_NOT_FOUND) {
		CopyMem(l->scn_name, SCN_DEFAULT_NAME, sizeof(SCN_DEFAULT_NAME));
		return EFI_SUCCESS;
	}
	if (!EFI_ERROR(s))
		why = scn_name_parse((const char *)f.data, f.size, l->scn_name);
	free_pages(f.data, f.size);
	if (EFI_ERROR(s))
		return fail(s, L"cannot read %s", f.path);
	if (why)
		return fail(EFI_INVALID_PARAMETER, L"%s: %a", f.path, why);
	return EFI_SUCCESS;
}

static EFI_STATUS read_files(struct loader *l)
{
	EFI_STATUS s = read_file(l, &l->hv, L"\\ballast\\ballast.elf");

	if (!EFI_ERROR(s))
		s = read_file(l, &l->guest, L"\\ballast\\guest-stub.bin");
	if (!EFI_ERROR(s))
		s = read_file(l, &l->scn, L"\\ballast\\scenario.scn");
	if (!EFI_ERROR(s))
		s = read_scenario_name(l);
	if (!EFI_ERROR(s))
		Print(L"ballast-efi: the scenario is named %a\n", l->scn_name);
	return s;
}

static EFI_STATUS place_hv(struct loader *l)
{
	const char *why = elf_check(l->hv.data, l->hv.size, &l->img);
	EFI_PHYSICAL_ADDRESS at = l->img.lo;
	EFI_STATUS s;

	if (why)
		return fail(EFI_LOAD_ERROR, L"%s: %a", l->hv.path, why);
	/* Loader code, not data: firmware that maps data no-execute would
	 * fault on the jump to entry64. */
	s = BS->AllocatePages(AllocateAddress, EfiLoaderCode,
			      EFI_SIZE_TO_PAGES(l->img.hi - l->img.lo), &at);
	if (EFI_ERROR(s))
		return fail(s, L"memory 0x%lx-0x%lx for the hypervisor is not free",
			    l->img.lo, l->img.hi);
	l->placed = at;
	elf_place(l->hv.data, &l->img, (UINT8 *)(UINTN)at);
	Print(L"ballast-efi: hypervisor at 0x%lx-0x%lx, entry64 0x%lx\n",
	      l->img.lo, l->img.hi, l->img.entry);
	return EFI_SUCCESS;
}

/* NAME fits: a constant, or checked by scn_name_parse. */
static void add_module(struct boot_info *bi, const struct efi_file *f,
		       const char *name)
{
	struct boot_module *m = &bi->modules[bi->nr_modules++];

	m->base = (UINT64)(UINTN)f->data;
	m->length = f->size;
	CopyMem(m->name, (void *)name, strlena((const CHAR8 *)name) + 1);
	Print(L"ballast-efi: module %a: %ld bytes at 0x%lx\n", m->name,
	      m->length, m->base);
}

static EFI_STATUS build_boot_info(struct loader *l)
{
	EFI_STATUS s = files_alloc_low(sizeof(*l->bi), EfiLoaderData,
				       (void **)&l->bi);
	uint32_t dropped;

	if (EFI_ERROR(s))
		return fail(s, L"no memory below 4 GiB for the boot information");
	ZeroMem(l->bi, sizeof(*l->bi));
	l->bi->version = BOOT_INFO_VERSION;
	add_module(l->bi, &l->guest, GUEST_MODULE_NAME);
	add_module(l->bi, &l->scn, l->scn_name);
	s = handoff_map(&l->map);
	if (EFI_ERROR(s))
		return fail(s, L"cannot read the memory map");
	dropped = bootmap_from_efi(l->map.buf, l->map.size, l->map.desc_size, l->bi);
	if (dropped)
		return fail(EFI_BUFFER_TOO_SMALL,
			    L"the memory map needs %d ranges more than boot_info holds",
			    dropped);
	Print(L"ballast-efi: memory map: %ld usable bytes, %d ranges in all\n",
	      bootmap_usable(l->bi), l->bi->nr_mem_ranges);
	return EFI_SUCCESS;
}

static EFI_STATUS boot(struct loader *l)
{
	EFI_STATUS s = files_open_volume(l->image, &l->root);

	if (EFI_ERROR(s))
		return fail(s, L"cannot open the volume this loader came from");
	s = read_files(l);
	if (!EFI_ERROR(s))
		s = place_hv(l);
	if (!EFI_ERROR(s))
		s = build_boot_info(l);
	if (EFI_ERROR(s))
		return s;
	Print(L"ballast-efi: exiting boot services, starting the hypervisor\n");
	s = handoff(l->image, &l->map, l->bi, l->img.entry);
	return fail(s, L"cannot exit boot services");
}

/* The firmware may try another boot option, or the user may run the
 * loader again from the shell, which needs the hypervisor's fixed pages
 * free again. */
static void release(struct loader *l)
{
	free_pages(l->hv.data, l->hv.size);
	free_pages(l->guest.data, l->guest.size);
	free_pages(l->scn.data, l->scn.size);
	free_pages((void *)(UINTN)l->placed, l->img.hi - l->img.lo);
	free_pages(l->bi, sizeof(*l->bi));
	if (l->map.buf)
		FreePool(l->map.buf);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	struct loader l = { .image = image };
	EFI_STATUS s;

	InitializeLib(image, systab);
	Print(L"ballast-efi: Ballast UEFI loader\n");
	s = boot(&l);
	release(&l);
	Print(L"ballast-efi: boot failed, returning to the firmware\n");
	return s;
}
