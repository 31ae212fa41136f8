/*
 * libFuzzer target for the UEFI loader's checks of the hypervisor's ELF
 * image (boot/efi/elf.c): any file gets a reason, or an image whose span
 * is page-aligned, below 4 GiB and holds its entry, and which elf_place
 * then copies without reading past the file or writing past the span.
 */
#include "boot/efi/elf.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SPAN (16u << 20) /* place images up to 16 MiB only */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact copy, aligned as the loader's pool memory (malloc's 16
	 * bytes): ASan sees any read past its end. */
	uint8_t *file = malloc(size ? size : 1);
	struct hv_image img;
	const char *why;

	memcpy(file, data, size);
	why = elf_check(file, size, &img);
	if (why) {
		must(why[0] != '\0');
	} else {
		must(img.lo < img.hi && img.hi <= HV_PHYS_LIMIT);
		must(img.lo % 4096 == 0 && img.hi % 4096 == 0);
		must(img.entry >= img.lo && img.entry < img.hi);
		if (img.hi - img.lo <= MAX_SPAN) {
			uint8_t *span = malloc(img.hi - img.lo);

			elf_place(file, &img, span);
			free(span);
		}
	}
	free(file);
	return 0;
}
