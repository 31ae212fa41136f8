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

/* Copies the string at src, which may hold no NUL within its avail bytes
 * (the rest of its tag). */
static void copy_string(char *dst, size_t size, const char *src, size_t avail)
{
	size_t n = 0;

	while (n < avail && n < size - 1 && src[n] != '\0')
		n++;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int add_module(struct boot_info *bi, const struct mb2_module *m)
{
	struct boot_module *bm;

	if (m->tag.size < sizeof(*m) || m->mod_end < m->mod_start)
		return ST_INVAL;
	if (bi->nr_modules >= BOOT_MAX_MODULES)
		return ST_OK;
	bm = &bi->modules[bi->nr_modules++];
	bm->base = m->mod_start;
	bm->length = m->mod_end - m->mod_start;
	copy_string(bm->name, sizeof(bm->name), m->string,
		    m->tag.size - sizeof(*m));
	return ST_OK;
}

/* Multiboot2 memory types 1..5 are the same numbers as enum boot_mem_type;
 * any other is reserved. Entries are whole and 8-byte aligned, as the
 * specification makes them. */
static int add_mmap(struct boot_info *bi, const struct mb2_mmap *mm)
{
	const uint8_t *base = (const uint8_t *)mm;

	if (mm->tag.size < sizeof(*mm) ||
	    mm->entry_size < sizeof(struct mb2_mmap_entry) || mm->entry_size % 8)
		return ST_INVAL;
	for (uint64_t off = sizeof(*mm);
	     off + sizeof(struct mb2_mmap_entry) <= mm->tag.size;
	     off += mm->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)(base + off);
		struct boot_mem_range *r;

		if (bi->nr_mem_ranges >= BOOT_MAX_MEM_RANGES)
			return ST_OK;
		r = &bi->mem[bi->nr_mem_ranges++];
		r->base = e->base;
		r->length = e->length;
		r->type = e->type >= BOOT_MEM_USABLE && e->type <= BOOT_MEM_BAD ?
				  e->type : BOOT_MEM_RESERVED;
		r->reserved = 0;
	}
	return ST_OK;
}

static int add_tag(struct boot_info *bi, const struct mb2_tag *tag)
{
	if (tag->type == MB2_TAG_CMDLINE)
		copy_string(bi->cmdline, sizeof(bi->cmdline),
			    (const char *)(tag + 1), tag->size - sizeof(*tag));
	else if (tag->type == MB2_TAG_MODULE)
		return add_module(bi, (const void *)tag);
	else if (tag->type == MB2_TAG_MMAP)
		return add_mmap(bi, (const void *)tag);
	return ST_OK;
}

/* Every tag must lie inside total_size: a tag that runs past it, or is
 * shorter than its own header, is refused with the whole structure. */
int mb2_to_boot_info(uint32_t magic, const void *mbi, struct boot_info *bi)
{
	const uint8_t *start = mbi;
	uint64_t total, off = 8;

	if (magic != MB2_BOOTLOADER_MAGIC)
		return ST_INVAL;
	total = *(const uint32_t *)mbi;
	memset(bi, 0, sizeof(*bi));
	bi->version = BOOT_INFO_VERSION;
	while (off + sizeof(struct mb2_tag) <= total) {
		const struct mb2_tag *tag = (const void *)(start + off);
		int st;

		if (tag->size < sizeof(*tag) || tag->size > total - off)
			return ST_INVAL;
		if (tag->type == MB2_TAG_END)
			break;
		st = add_tag(bi, tag);
		if (st != ST_OK)
			return st;
		off += (tag->size + 7) & ~7ull;
	}
	return ST_OK;
}
