/*
 * Unit tests of the Multiboot2 information reader (boot/multiboot/mb2.c):
 * a GRUB-like structure converts whole, and each malformed one the fuzzer
 * found (tests/fuzz/fuzz_mb2.c) is refused or cut at total_size instead of
 * hanging the boot or reading past the structure.
 */
#include "boot/multiboot/mb2.h"
#include "tests/unit/check.h"

#include <string.h>

#include "hv/lib/types.h"

/* The structure, and bytes after it that nothing may read. */
static union {
	uint64_t align;
	uint8_t b[1024];
} mbi;
static size_t len;
static struct boot_info bi;

static void start(void)
{
	memset(mbi.b, 'X', sizeof(mbi.b));
	memset(mbi.b, 0, 8);
	len = 8;
}

static void put32(uint32_t v)
{
	memcpy(mbi.b + len, &v, 4);
	len += 4;
}

static void put64(uint64_t v)
{
	memcpy(mbi.b + len, &v, 8);
	len += 8;
}

/* A tag's header; the caller writes size - 8 bytes of body. */
static void tag(uint32_t type, uint32_t size)
{
	put32(type);
	put32(size);
}

static void pad(void)
{
	while (len % 8)
		mbi.b[len++] = 0;
}

/* Sets total_size to what was written, plus extra, and converts. */
static int convert(uint32_t extra)
{
	uint32_t total = (uint32_t)len + extra;

	memcpy(mbi.b, &total, 4);
	return mb2_to_boot_info(MB2_BOOTLOADER_MAGIC, mbi.b, &bi);
}

static void mmap_entry(uint64_t base, uint64_t length, uint32_t type)
{
	put64(base);
	put64(length);
	put32(type);
	put32(0);
}

static void test_grub_structure(void)
{
	start();
	tag(1, 8 + 8);
	memcpy(mbi.b + len, "ballast", 8);
	len += 8;
	tag(3, 16 + 6);
	put32(0x200000);
	put32(0x201000);
	memcpy(mbi.b + len, "/guest", 6); /* no NUL: the tag ends the string */
	len += 6;
	pad();
	tag(6, 16 + 2 * 24);
	put32(24);
	put32(0);
	mmap_entry(0, 0x9fc00, BOOT_MEM_USABLE);
	mmap_entry(0x100000, 0x100000, 0); /* not a Multiboot2 type */
	tag(0, 8);
	CHECK(convert(0) == ST_OK);
	CHECK(strcmp(bi.cmdline, "ballast") == 0);
	CHECK(bi.nr_modules == 1 && bi.modules[0].base == 0x200000 &&
	      bi.modules[0].length == 0x1000);
	CHECK(strcmp(bi.modules[0].name, "/guest") == 0);
	CHECK(bi.nr_mem_ranges == 2 && bi.mem[0].length == 0x9fc00);
	CHECK(bi.mem[0].type == BOOT_MEM_USABLE);
	CHECK(bi.mem[1].type == BOOT_MEM_RESERVED);
	CHECK(mb2_to_boot_info(0x2badb002, mbi.b, &bi) == ST_INVAL);
}

/* A zero-size tag never advanced: the boot hung. */
static void test_short_tags(void)
{
	start();
	tag(1, 0);
	CHECK(convert(0) == ST_INVAL);
	start();
	tag(4, 7);
	CHECK(convert(0) == ST_INVAL);
}

/* A tag that runs past total_size: its entries were read from beyond. */
static void test_tag_past_total(void)
{
	start();
	tag(6, 16 + 24);
	put32(24);
	put32(0);
	mmap_entry(0, 0x1000, BOOT_MEM_USABLE);
	CHECK(convert(0) == ST_OK && bi.nr_mem_ranges == 1);
	CHECK(convert((uint32_t)-24) == ST_INVAL);
	/* The last tag cut off inside its header: nothing more to read. */
	len -= 24 + 12;
	CHECK(convert(0) == ST_OK && bi.nr_mem_ranges == 0);
}

/* A command line without its NUL at the end of the structure: strlen ran
 * into whatever followed. */
static void test_unterminated_cmdline(void)
{
	start();
	tag(1, 8 + 4);
	memcpy(mbi.b + len, "ab", 2);
	len += 2;
	mbi.b[len++] = 'c';
	mbi.b[len++] = 'd';
	CHECK(convert(0) == ST_OK);
	CHECK(strcmp(bi.cmdline, "abcd") == 0);
}

/* An entry size of 0 looped for ever; one not a multiple of 8 misaligned
 * every entry after the first. */
static void test_bad_entry_size(void)
{
	static const uint32_t sizes[] = { 0, 8, 23, 25 };

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		start();
		tag(6, 16 + 2 * 24);
		put32(sizes[i]);
		put32(0);
		mmap_entry(0, 0x1000, BOOT_MEM_USABLE);
		mmap_entry(0x2000, 0x1000, BOOT_MEM_USABLE);
		CHECK(convert(0) == ST_INVAL);
	}
}

/* A module that ends before it starts had a length near 2^32. */
static void test_module_backwards(void)
{
	start();
	tag(3, 16);
	put32(0x201000);
	put32(0x200000);
	CHECK(convert(0) == ST_INVAL);
	start();
	tag(3, 12);
	put32(0x200000);
	CHECK(convert(0) == ST_INVAL);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "a GRUB-like structure converts", test_grub_structure },
		{ "tags shorter than their header are refused", test_short_tags },
		{ "a tag past total_size is refused", test_tag_past_total },
		{ "an unterminated command line stops at its tag", test_unterminated_cmdline },
		{ "memory map entry sizes must be 8-aligned and whole", test_bad_entry_size },
		{ "modules must be whole and end after they start", test_module_backwards },
	};

	return CHECK_RUN("mb2", tests);
}
