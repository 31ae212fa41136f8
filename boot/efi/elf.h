/*
 * The hypervisor image as the UEFI loader sees it: an ELF64 file whose
 * PT_LOAD segments go to their physical addresses, with a BLSTHV64 record
 * (boot/multiboot/entry.S) naming the 64-bit entry. Pure code over buffers,
 * so the host unit tests check every way a file can be refused.
 */
#ifndef BOOT_EFI_ELF_H
#define BOOT_EFI_ELF_H

#include <stdint.h>

/* "BLSTHV64", then the quadword address of entry64. */
#define HV_ENTRY_MAGIC 0x3436564854534c42ull
#define HV_ENTRY_SEARCH 32768 /* the record sits in the image's first 32 KiB */
#define HV_PHYS_LIMIT (1ull << 32) /* entry64 identity-maps 4 GiB only */

struct hv_image {
	uint64_t lo;    /* physical span of all PT_LOAD segments, */
	uint64_t hi;    /* rounded out to whole pages */
	uint64_t entry; /* entry64, from the BLSTHV64 record */
};

/* Checks FILE (SIZE bytes) and fills IMG; NULL when the file is usable,
 * else why not, for the loader to print next to the file's name. */
const char *elf_check(const uint8_t *file, uint64_t size, struct hv_image *img);

/* Copies the segments of a checked FILE into SPAN, which stands for
 * physical [img->lo, img->hi), and zeroes the rest (the .bss among it). */
void elf_place(const uint8_t *file, const struct hv_image *img, uint8_t *span);

#endif
