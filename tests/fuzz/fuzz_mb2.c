/*
 * libFuzzer target for the Multiboot2 information reader
 * (boot/multiboot/mb2.c): any tags inside the structure's total_size must
 * give a boot_info within its bounds, with terminated strings, or
 * ST_INVAL; never a read past total_size, a hang or a misaligned read.
 *
 * Input: the information structure from its tags on (offset 8); the
 * target writes total_size (the input's length + 8) and the reserved word,
 * as a loader would, into a copy of exactly that size (malloc's 16-byte
 * alignment, as the 8 the specification promises).
 */
#include "boot/multiboot/mb2.h"

#include <stdlib.h>
#include <string.h>

#include "hv/lib/types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		abort();
}

static void check_info(const struct boot_info *bi)
{
	must(bi->version == BOOT_INFO_VERSION);
	must(bi->nr_mem_ranges <= BOOT_MAX_MEM_RANGES);
	must(bi->nr_modules <= BOOT_MAX_MODULES);
	must(memchr(bi->cmdline, '\0', sizeof(bi->cmdline)) != NULL);
	for (unsigned i = 0; i < bi->nr_modules; i++)
		must(memchr(bi->modules[i].name, '\0', BOOT_NAME_LEN) != NULL);
	for (unsigned i = 0; i < bi->nr_mem_ranges; i++)
		must(bi->mem[i].type >= BOOT_MEM_USABLE &&
		     bi->mem[i].type <= BOOT_MEM_BAD);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_info bi;
	uint32_t total;
	uint8_t *mbi;
	int st;

	if (size > 65536)
		return 0;
	total = (uint32_t)size + 8;
	mbi = malloc(total);
	memcpy(mbi, &total, 4);
	memset(mbi + 4, 0, 4);
	memcpy(mbi + 8, data, size);
	st = mb2_to_boot_info(MB2_BOOTLOADER_MAGIC, mbi, &bi);
	must(st == ST_OK || st == ST_INVAL);
	if (st == ST_OK)
		check_info(&bi);
	must(mb2_to_boot_info(0, mbi, &bi) == ST_INVAL);
	free(mbi);
	return 0;
}
