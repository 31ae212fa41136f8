/*
 * Reads the Multiboot2 information structure (the GRUB manual's "Boot
 * information format") and copies what the hypervisor needs into a
 * struct boot_info: memory map, modules, command line. Copying lets the
 * allocator later reuse the memory GRUB put the information in.
 */
#include "boot/multiboot/mb2.h"

#include "hv/lib/string.h"
#include "hv/lib/types.h"

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_module {
	struct mb2_tag tag;
	uint32_t mod_start;
	uint32_t mod_end;
	char string[];
};

struct mb2_mmap {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
};

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};

static void copy_string(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void add_module(struct boot_info *bi, const struct mb2_module *m)
{
	struct boot_module *bm;

	if (bi->nr_modules >= BOOT_MAX_MODULES)
		return;
	bm = &bi->modules[bi->nr_modules++];
	bm->base = m->mod_start;
	bm->length = m->mod_end - m->mod_start;
	copy_string(bm->name, m->string, sizeof(bm->name));
}

/* Multiboot2 memory types 1..5 are the same numbers as enum boot_mem_type. */
static void add_mmap(struct boot_info *bi, const struct mb2_mmap *mm)
{
	const uint8_t *p = (const uint8_t *)(mm + 1);
	const uint8_t *end = (const uint8_t *)mm + mm->tag.size;

	for (; p + sizeof(struct mb2_mmap_entry) <= end; p += mm->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		struct boot_mem_range *r;

		if (bi->nr_mem_ranges >= BOOT_MAX_MEM_RANGES)
			return;
		r = &bi->mem[bi->nr_mem_ranges++];
		r->base = e->base;
		r->length = e->length;
		r->type = e->type <= BOOT_MEM_BAD ? e->type : BOOT_MEM_RESERVED;
		r->reserved = 0;
	}
}

int mb2_to_boot_info(uint32_t magic, const void *mbi, struct boot_info *bi)
{
	const uint8_t *p = (const uint8_t *)mbi + 8;
	uint32_t total;

	if (magic != MB2_BOOTLOADER_MAGIC)
		return ST_INVAL;
	total = *(const uint32_t *)mbi;
	memset(bi, 0, sizeof(*bi));
	bi->version = BOOT_INFO_VERSION;
	while (p < (const uint8_t *)mbi + total) {
		const struct mb2_tag *tag = (const void *)p;

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->type == MB2_TAG_CMDLINE)
			copy_string(bi->cmdline, (const char *)(tag + 1),
				    sizeof(bi->cmdline));
		else if (tag->type == MB2_TAG_MODULE)
			add_module(bi, (const void *)tag);
		else if (tag->type == MB2_TAG_MMAP)
			add_mmap(bi, (const void *)tag);
		p += (tag->size + 7) & ~7u;
	}
	return ST_OK;
}
