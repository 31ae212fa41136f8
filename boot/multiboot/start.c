/*
 * The Multiboot2 path's C entry, from entry.S in long mode after GRUB:
 * turns GRUB's information into a struct boot_info and enters the
 * hypervisor as every boot path does.
 */
#include "boot/multiboot/mb2.h"
#include "hv/core/main.h"
#include "hv/lib/types.h"

static struct boot_info boot_info; /* in the image: no loader owns it */

void mb2_start(uint32_t magic, const void *mbi)
{
	int st = mb2_to_boot_info(magic, mbi, &boot_info);

	hv_main(st == ST_OK ? &boot_info : 0);
}
