/*
 * The Linux boot protocol's pure half (hv/core/linux_boot.c): a setup
 * header as memtest86+ 6.10 has it is taken and placed, its zero page
 * carries the header, the loader's fields, the command line pointer and
 * the e820 map; each bad image or command line is refused with why.
 */
#include "hv/core/linux_boot.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <string.h>

#define IMAGE_SIZE 0x4000u
#define MEMORY (16ull << 20)

static uint8_t img[IMAGE_SIZE];
static uint8_t bp[LINUX_BP_SIZE];
static struct linux_kernel k;
static char why[LINUX_WHY_LEN];

static void put(unsigned off, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		img[off + i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *p, unsigned off, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[off + i] << (8 * i);
	return v;
}

/* memtest86+ 6.10's header: 2 setup sectors, protocol 2.12, 64-bit
 * entry, at 1 MiB, not relocatable, init_size 0x6acf8, 255-byte cmdline. */
static void memtest_header(void)
{
	memset(img, 0, sizeof(img));
	put(LINUX_HDR_SETUP_SECTS, 2, 1);
	put(LINUX_HDR_BOOT_FLAG, LINUX_BOOT_FLAG, 2);
	put(LINUX_HDR_JUMP_LEN, 0x62, 1);
	put(LINUX_HDR_MAGIC, LINUX_HDR_MAGIC_VALUE, 4);
	put(LINUX_HDR_VERSION, 0x020c, 2);
	put(LINUX_HDR_LOADFLAGS, LINUX_LOADED_HIGH | LINUX_CAN_USE_HEAP, 1);
	put(LINUX_HDR_XLOADFLAGS, 0x9, 2);
	put(LINUX_HDR_CMDLINE_SIZE, 0xff, 4);
	put(LINUX_HDR_PREF_ADDRESS, 0x100000, 8);
	put(LINUX_HDR_INIT_SIZE, 0x6acf8, 4);
	put(LINUX_HDR_RAMDISK_IMAGE, 0x1234, 4);
	put(3 * LINUX_SECTOR, 0xc3, 1); /* first byte of the kernel proper */
}

static int check_image(uint64_t size, uint64_t memory, uint64_t cmdline)
{
	return linux_kernel_check(img, size, memory, cmdline, &k, why);
}

static void expect_refused(uint64_t size, uint64_t memory, uint64_t cmdline,
			   const char *words)
{
	bool ok = check_image(size, memory, cmdline) == ST_INVAL &&
		  strstr(why, words);

	CHECK(ok);
	if (!ok)
		printf("#   got: %s\n", why);
}

static void test_memtest_header(void)
{
	memtest_header();
	CHECK(check_image(IMAGE_SIZE, MEMORY, 40) == ST_OK);
	CHECK(k.version == 0x020c);
	CHECK(k.file_offset == 3 * LINUX_SECTOR);
	CHECK(k.payload_size == IMAGE_SIZE - 3 * LINUX_SECTOR);
	CHECK(k.load_gpa == 0x100000 && k.entry_gpa == 0x100200);
	CHECK(k.mem_end == 0x100000 + 0x6acf8);
	CHECK(k.cmdline_max == 0xff);
	/* setup_sects 0 means 4 */
	put(LINUX_HDR_SETUP_SECTS, 0, 1);
	CHECK(check_image(IMAGE_SIZE, MEMORY, 0) == ST_OK);
	CHECK(k.file_offset == 5 * LINUX_SECTOR);
}

static void test_boot_params(void)
{
	memtest_header();
	CHECK(check_image(IMAGE_SIZE, MEMORY, 0) == ST_OK);
	memset(bp, 0xaa, sizeof(bp));
	linux_boot_params(bp, img, IMAGE_SIZE, MEMORY, &k);
	CHECK(get(bp, LINUX_HDR_MAGIC, 4) == LINUX_HDR_MAGIC_VALUE);
	CHECK(get(bp, LINUX_HDR_VERSION, 2) == 0x020c);
	CHECK(get(bp, LINUX_HDR_INIT_SIZE, 4) == 0x6acf8);
	CHECK(bp[LINUX_HDR_TYPE_OF_LOADER] == LINUX_LOADER_UNDEFINED);
	CHECK(bp[LINUX_HDR_LOADFLAGS] == LINUX_LOADED_HIGH);
	CHECK(get(bp, LINUX_HDR_RAMDISK_IMAGE, 4) == 0);
	CHECK(get(bp, LINUX_HDR_CMD_LINE_PTR, 4) == LINUX_CMDLINE_GPA);
	CHECK(get(bp, LINUX_BP_EXT_CMD_LINE_PTR, 4) == 0);
	CHECK(bp[0] == 0 && bp[LINUX_HDR_START - 1] == 0);
	CHECK(bp[LINUX_BP_SIZE - 1] == 0);
	/* the header copy ends where its jump byte says: 0x202 + 0x62 */
	CHECK(bp[0x264] == 0);
}

/* An initrd goes as high as memory and initrd_addr_max allow, page-aligned,
 * above the kernel's init_size; boot_params says where. */
static void test_initrd(void)
{
	memtest_header();
	put(LINUX_HDR_INITRD_ADDR_MAX, 0x7fffffff, 4);
	CHECK(check_image(IMAGE_SIZE, MEMORY, 0) == ST_OK);
	CHECK(linux_initrd_check(img, MEMORY, 5000, &k, why) == ST_OK);
	CHECK(k.initrd_gpa == MEMORY - 2 * PAGE_SIZE && k.initrd_size == 5000);
	linux_boot_params(bp, img, IMAGE_SIZE, MEMORY, &k);
	CHECK(get(bp, LINUX_HDR_RAMDISK_IMAGE, 4) == MEMORY - 2 * PAGE_SIZE);
	CHECK(get(bp, LINUX_HDR_RAMDISK_SIZE, 4) == 5000);
	/* initrd_addr_max below memory's end caps it */
	put(LINUX_HDR_INITRD_ADDR_MAX, 0x3fffff, 4);
	CHECK(linux_initrd_check(img, MEMORY, 4096, &k, why) == ST_OK);
	CHECK(k.initrd_gpa == 0x3ff000);
	/* not over the kernel's init_size (1 MiB + 0x6acf8) */
	CHECK(linux_initrd_check(img, MEMORY, 0x400000 - 0x16b000, &k, why) == ST_OK);
	CHECK(linux_initrd_check(img, MEMORY, 0x400000 - 0x16b000 + 1, &k, why) == ST_INVAL);
	CHECK(strstr(why, "the initrd (2645 KiB) does not fit between the kernel's end and the top of memory it may use (4096 KiB)"));
	CHECK(linux_initrd_check(img, MEMORY, 0, &k, why) == ST_INVAL &&
	      strstr(why, "the initrd is empty"));
	CHECK(linux_initrd_check(img, MEMORY, 1ull << 40, &k, why) == ST_INVAL);
}

static void test_e820(void)
{
	const unsigned t = LINUX_BP_E820_TABLE, e = LINUX_E820_ENTRY_SIZE;

	memset(bp, 0, sizeof(bp));
	CHECK(linux_e820(bp, MEMORY) == 3);
	CHECK(bp[LINUX_BP_E820_ENTRIES] == 3);
	CHECK(get(bp, t, 8) == 0 && get(bp, t + 8, 8) == LINUX_LOW_END);
	CHECK(get(bp, t + 16, 4) == LINUX_E820_RAM);
	CHECK(get(bp, t + e, 8) == LINUX_LOW_END);
	CHECK(get(bp, t + e + 8, 8) == LINUX_HIGH_START - LINUX_LOW_END);
	CHECK(get(bp, t + e + 16, 4) == LINUX_E820_RESERVED);
	CHECK(get(bp, t + 2 * e, 8) == LINUX_HIGH_START);
	CHECK(get(bp, t + 2 * e + 8, 8) == MEMORY - LINUX_HIGH_START);
	CHECK(get(bp, t + 2 * e + 16, 4) == LINUX_E820_RAM);
	/* a guest of 1 MiB has no RAM above the hole */
	CHECK(linux_e820(bp, LINUX_HIGH_START) == 2);
}

static void test_bad_images(void)
{
	memtest_header();
	expect_refused(0x100, MEMORY, 0, "256 bytes is too short for a kernel image");
	put(LINUX_HDR_MAGIC, 0x58585858, 4);
	expect_refused(IMAGE_SIZE, MEMORY, 0, "not a Linux kernel image");
	memtest_header();
	put(LINUX_HDR_BOOT_FLAG, 0, 2);
	expect_refused(IMAGE_SIZE, MEMORY, 0, "not a Linux kernel image");
	memtest_header();
	put(LINUX_HDR_VERSION, 0x020b, 2);
	expect_refused(IMAGE_SIZE, MEMORY, 0, "boot protocol 2.11 is too old");
	memtest_header();
	put(LINUX_HDR_XLOADFLAGS, 0x8, 2);
	expect_refused(IMAGE_SIZE, MEMORY, 0, "no 64-bit entry (xloadflags 0x8)");
	memtest_header();
	put(LINUX_HDR_LOADFLAGS, 0, 1);
	expect_refused(IMAGE_SIZE, MEMORY, 0, "the kernel loads low");
	memtest_header();
	put(LINUX_HDR_SETUP_SECTS, 40, 1);
	expect_refused(IMAGE_SIZE, MEMORY, 0, "the image is cut short");
}

static void test_bad_placement(void)
{
	memtest_header();
	put(LINUX_HDR_PREF_ADDRESS, 0x80000, 8);
	expect_refused(IMAGE_SIZE, MEMORY, 0, "asks to load at 0x80000");
	put(LINUX_HDR_PREF_ADDRESS, 0x100800, 8);
	expect_refused(IMAGE_SIZE, MEMORY, 0, "asks to load at 0x100800");
	put(LINUX_HDR_PREF_ADDRESS, 2ull << 30, 8);
	expect_refused(IMAGE_SIZE, 4ull << 30, 0, "inside the guest's first 1024 MiB");
	memtest_header();
	expect_refused(IMAGE_SIZE, 0x140000, 0,
		       "needs memory up to 1452 KiB, the guest has 1280 KiB");
	/* init_size smaller than the payload: the payload counts */
	put(LINUX_HDR_INIT_SIZE, 0x10, 4);
	CHECK(check_image(IMAGE_SIZE, MEMORY, 0) == ST_OK);
	CHECK(k.mem_end == 0x100000 + IMAGE_SIZE - 3 * LINUX_SECTOR);
}

static void test_bad_cmdline(void)
{
	memtest_header();
	CHECK(check_image(IMAGE_SIZE, MEMORY, 255) == ST_OK);
	expect_refused(IMAGE_SIZE, MEMORY, 256,
		       "the command line is 256 bytes, the kernel takes at most 255");
	/* a kernel that takes more than Ballast's page holds gets the page */
	put(LINUX_HDR_CMDLINE_SIZE, 0x7fffffff, 4);
	expect_refused(IMAGE_SIZE, MEMORY, LINUX_CMDLINE_MAX + 1, "at most 4095");
}

static const struct unit_test tests[] = {
	{ "memtest86+'s setup header is taken and placed", test_memtest_header },
	{ "the zero page: header, loader fields, command line", test_boot_params },
	{ "the e820 map of the guest's memory", test_e820 },
	{ "an initrd placed high, below initrd_addr_max, past the kernel", test_initrd },
	{ "bad images: short, magic, protocol, no 64-bit entry, low, cut", test_bad_images },
	{ "bad placement: low, unaligned, past the map or memory", test_bad_placement },
	{ "command lines too long for the kernel or the page", test_bad_cmdline },
};

int main(void)
{
	return CHECK_RUN("linux_boot", tests);
}
