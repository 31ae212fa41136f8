/*
 * Reading a bzImage's setup header and writing the zero page a Linux-boot-
 * protocol guest starts with (linux_boot.h). The image comes from the boot
 * loader and is trusted no more than the scenario: every field is checked
 * before it sizes or places anything.
 */
#include "hv/core/linux_boot.h"

#include <ballast/guest.h>

#include "hv/lib/print.h"
#include "hv/lib/string.h"

static uint8_t get8(const uint8_t *p, unsigned off)
{
	return p[off];
}

static uint16_t get16(const uint8_t *p, unsigned off)
{
	return (uint16_t)(p[off] | p[off + 1] << 8);
}

static uint32_t get32(const uint8_t *p, unsigned off)
{
	return (uint32_t)get16(p, off) | (uint32_t)get16(p, off + 2) << 16;
}

static uint64_t get64(const uint8_t *p, unsigned off)
{
	return (uint64_t)get32(p, off) | (uint64_t)get32(p, off + 4) << 32;
}

static void put_bytes(uint8_t *p, unsigned off, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

static int fail(char *why, const char *fmt, unsigned long a, unsigned long b)
{
	format(why, LINUX_WHY_LEN, fmt, a, b);
	return ST_INVAL;
}

/* The header's identity: long enough, boot flag, "HdrS", protocol 2.12 or
 * later with the 64-bit entry, loaded high. */
static int check_header(const uint8_t *img, uint64_t size, char *why)
{
	uint16_t version;

	if (size < LINUX_HDR_MIN_END)
		return fail(why, "%lu bytes is too short for a kernel image (its setup header ends at %lu)",
			    size, LINUX_HDR_MIN_END);
	if (get16(img, LINUX_HDR_BOOT_FLAG) != LINUX_BOOT_FLAG ||
	    get32(img, LINUX_HDR_MAGIC) != LINUX_HDR_MAGIC_VALUE)
		return fail(why, "not a Linux kernel image (no boot flag 0x%lx or \"HdrS\" at 0x%lx)",
			    LINUX_BOOT_FLAG, LINUX_HDR_MAGIC);
	version = get16(img, LINUX_HDR_VERSION);
	if (version < LINUX_PROTOCOL_MIN)
		return fail(why, "boot protocol 2.%02lu is too old: Ballast starts kernels at the 64-bit entry of protocol 2.%02lu or later",
			    version & 0xffu, LINUX_PROTOCOL_MIN & 0xffu);
	if (!(get16(img, LINUX_HDR_XLOADFLAGS) & LINUX_XLF_KERNEL_64))
		return fail(why, "the kernel has no 64-bit entry (xloadflags 0x%lx)",
			    get16(img, LINUX_HDR_XLOADFLAGS), 0);
	if (!(get8(img, LINUX_HDR_LOADFLAGS) & LINUX_LOADED_HIGH))
		return fail(why, "the kernel loads low (loadflags 0x%lx): a zImage, not a bzImage",
			    get8(img, LINUX_HDR_LOADFLAGS), 0);
	return ST_OK;
}

/* Where it goes: its protected-mode part inside the file, at its
 * preferred address, page-aligned, from 1 MiB up, inside the guest's
 * memory and the first GiB its page tables map. */
static int place(const uint8_t *img, uint64_t size, uint64_t memory,
		 struct linux_kernel *k, char *why)
{
	unsigned sects = get8(img, LINUX_HDR_SETUP_SECTS);
	uint64_t init = get32(img, LINUX_HDR_INIT_SIZE);
	uint64_t limit = memory < GUEST_MAPPED_LIMIT ? memory : GUEST_MAPPED_LIMIT;

	k->file_offset = (uint64_t)((sects ? sects : 4) + 1) * LINUX_SECTOR;
	if (k->file_offset >= size)
		return fail(why, "the image is cut short: %lu bytes, its setup code alone takes %lu",
			    size, k->file_offset);
	k->payload_size = size - k->file_offset;
	k->load_gpa = get64(img, LINUX_HDR_PREF_ADDRESS);
	if (k->load_gpa < LINUX_HIGH_START || (k->load_gpa & PAGE_MASK) ||
	    k->load_gpa >= limit)
		return fail(why, "the kernel asks to load at 0x%lx: Ballast loads at a page boundary from 1 MiB up inside the guest's first %lu MiB",
			    k->load_gpa, limit >> 20);
	k->mem_end = k->load_gpa + (init > k->payload_size ? init : k->payload_size);
	if (k->mem_end > limit)
		return fail(why, "the kernel needs memory up to %lu KiB, the guest has %lu KiB it can start in",
			    (k->mem_end + 1023) >> 10, limit >> 10);
	k->entry_gpa = k->load_gpa + LINUX_ENTRY64_OFFSET;
	return ST_OK;
}

int linux_kernel_check(const uint8_t *img, uint64_t size, uint64_t memory,
		       uint64_t cmdline_len, struct linux_kernel *k,
		       char *why)
{
	int st = check_header(img, size, why);

	memset(k, 0, sizeof(*k));
	if (st == ST_OK)
		st = place(img, size, memory, k, why);
	if (st != ST_OK)
		return st;
	k->version = get16(img, LINUX_HDR_VERSION);
	k->cmdline_max = get32(img, LINUX_HDR_CMDLINE_SIZE);
	if (k->cmdline_max > LINUX_CMDLINE_MAX)
		k->cmdline_max = LINUX_CMDLINE_MAX;
	if (cmdline_len > k->cmdline_max)
		return fail(why, "the command line is %lu bytes, the kernel takes at most %lu",
			    cmdline_len, k->cmdline_max);
	return ST_OK;
}

int linux_initrd_check(const uint8_t *img, uint64_t memory, uint64_t size,
		       struct linux_kernel *k, char *why)
{
	uint64_t top = (uint64_t)get32(img, LINUX_HDR_INITRD_ADDR_MAX) + 1;

	if (size == 0)
		return fail(why, "the initrd is empty", 0, 0);
	if (top > memory)
		top = memory;
	top &= ~(uint64_t)PAGE_MASK;
	if (size > top || ((top - size) & ~(uint64_t)PAGE_MASK) < k->mem_end)
		return fail(why, "the initrd (%lu KiB) does not fit between the kernel's end and the top of memory it may use (%lu KiB)",
			    (size + 1023) >> 10, top >> 10);
	k->initrd_gpa = (top - size) & ~(uint64_t)PAGE_MASK;
	k->initrd_size = size;
	return ST_OK;
}

static void put_e820(uint8_t *bp, unsigned i, uint64_t addr, uint64_t len,
		     uint32_t type)
{
	unsigned off = LINUX_BP_E820_TABLE + i * LINUX_E820_ENTRY_SIZE;

	put_bytes(bp, off + LINUX_E820_ADDR, addr, 8);
	put_bytes(bp, off + LINUX_E820_LEN, len, 8);
	put_bytes(bp, off + LINUX_E820_TYPE, type, 4);
}

unsigned linux_e820(uint8_t *bp, uint64_t memory)
{
	unsigned n = 0;

	put_e820(bp, n++, 0, memory < LINUX_LOW_END ? memory : LINUX_LOW_END,
		 LINUX_E820_RAM);
	put_e820(bp, n++, LINUX_LOW_END, LINUX_HIGH_START - LINUX_LOW_END,
		 LINUX_E820_RESERVED);
	if (memory > LINUX_HIGH_START)
		put_e820(bp, n++, LINUX_HIGH_START, memory - LINUX_HIGH_START,
			 LINUX_E820_RAM);
	bp[LINUX_BP_E820_ENTRIES] = (uint8_t)n;
	return n;
}

void linux_boot_params(uint8_t *bp, const uint8_t *img, uint64_t size,
		       uint64_t memory, const struct linux_kernel *k)
{
	uint64_t end = LINUX_HDR_MAGIC + get8(img, LINUX_HDR_JUMP_LEN);
	uint8_t flags = get8(img, LINUX_HDR_LOADFLAGS);

	memset(bp, 0, LINUX_BP_SIZE);
	if (end > LINUX_HDR_END_MAX)
		end = LINUX_HDR_END_MAX;
	if (end > size)
		end = size;
	memcpy(bp + LINUX_HDR_START, img + LINUX_HDR_START,
	       end - LINUX_HDR_START);
	bp[LINUX_HDR_TYPE_OF_LOADER] = LINUX_LOADER_UNDEFINED;
	/* No heap for the real-mode code: it never runs. */
	bp[LINUX_HDR_LOADFLAGS] = flags & (uint8_t)~LINUX_CAN_USE_HEAP;
	put_bytes(bp, LINUX_HDR_HEAP_END_PTR, 0, 2);
	put_bytes(bp, LINUX_HDR_RAMDISK_IMAGE, k->initrd_gpa, 4);
	put_bytes(bp, LINUX_HDR_RAMDISK_SIZE, k->initrd_size, 4);
	put_bytes(bp, LINUX_HDR_CMD_LINE_PTR, LINUX_CMDLINE_GPA, 4);
	put_bytes(bp, LINUX_BP_EXT_CMD_LINE_PTR, LINUX_CMDLINE_GPA >> 32, 4);
	linux_e820(bp, memory);
}
