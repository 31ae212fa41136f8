/*
 * The Linux x86 boot protocol as Ballast speaks it to an unmodified guest
 * (a bzImage: memtest86+, a Linux kernel): the fields of the setup header
 * and of struct boot_params (the "zero page") it reads or writes, as
 * byte offsets from Documentation/arch/x86/boot.rst and zero-page.rst, and
 * the guest-physical layout it starts such a guest with.
 *
 * Guest-physical memory at the 64-bit entry (addresses in hex):
 *
 *   1000-3fff  PML4, PDPT, page directory: identity map of the first GiB
 *              (the same tables a guest stub gets, include/ballast/guest.h)
 *   4000       GDT: null, null, __BOOT_CS (0x10), __BOOT_DS (0x18)
 *   5000       struct boot_params                 LINUX_BOOT_PARAMS_GPA
 *   6000       the command line, NUL-terminated   LINUX_CMDLINE_GPA
 *   8000       top of a first stack (RSP)
 *   pref_address  the protected-mode kernel, entered at + 0x200
 *
 * RSI holds LINUX_BOOT_PARAMS_GPA, interrupts are off, CS is 0x10 and the
 * data segments 0x18, all flat, as boot.rst's "64-bit boot protocol" asks.
 */
#ifndef BALLAST_LINUX_BOOT_H
#define BALLAST_LINUX_BOOT_H

#include <stdint.h>

/* Guest-physical layout. */
#define LINUX_GDT_GPA 0x4000ull
#define LINUX_BOOT_PARAMS_GPA 0x5000ull
#define LINUX_CMDLINE_GPA 0x6000ull
#define LINUX_CMDLINE_MAX 4095u   /* bytes the page at 0x6000 holds, less NUL */
#define LINUX_STACK_TOP 0x8000ull
#define LINUX_LOW_END 0x9f000ull  /* conventional memory ends: EBDA, VGA, BIOS */
#define LINUX_HIGH_START 0x100000ull
/* ACPI tables (hv/dev/acpi.c), in the reserved BIOS area where the RSDP
 * scan would look too; boot_params names the RSDP as well. */
#define LINUX_ACPI_GPA 0xe0000ull

#define LINUX_BOOT_CS 0x10u
#define LINUX_BOOT_DS 0x18u
#define LINUX_ENTRY64_OFFSET 0x200u /* 64-bit entry past the loaded kernel */

/* Setup header fields: offsets in the image file and in boot_params alike. */
#define LINUX_HDR_START 0x1f1u
#define LINUX_HDR_SETUP_SECTS 0x1f1u  /* u8: 512-byte sectors, 0 means 4 */
#define LINUX_HDR_BOOT_FLAG 0x1feu    /* u16: 0xaa55 */
#define LINUX_HDR_JUMP_LEN 0x201u     /* u8: header ends at 0x202 + this */
#define LINUX_HDR_MAGIC 0x202u        /* u32: "HdrS" */
#define LINUX_HDR_VERSION 0x206u      /* u16: protocol, major << 8 | minor */
#define LINUX_HDR_TYPE_OF_LOADER 0x210u /* u8 */
#define LINUX_HDR_LOADFLAGS 0x211u    /* u8 */
#define LINUX_HDR_RAMDISK_IMAGE 0x218u /* u32 */
#define LINUX_HDR_RAMDISK_SIZE 0x21cu /* u32 */
#define LINUX_HDR_HEAP_END_PTR 0x224u /* u16 */
#define LINUX_HDR_CMD_LINE_PTR 0x228u /* u32 */
#define LINUX_HDR_INITRD_ADDR_MAX 0x22cu /* u32: the initrd's last byte */
#define LINUX_HDR_RELOCATABLE 0x234u  /* u8 */
#define LINUX_HDR_XLOADFLAGS 0x236u   /* u16 */
#define LINUX_HDR_CMDLINE_SIZE 0x238u /* u32: longest command line, no NUL */
#define LINUX_HDR_PREF_ADDRESS 0x258u /* u64 */
#define LINUX_HDR_INIT_SIZE 0x260u    /* u32: memory the kernel needs */
#define LINUX_HDR_MIN_END 0x264u      /* 2.12's header ends before this */
#define LINUX_HDR_END_MAX 0x290u      /* boot_params' copy of it ends here */

#define LINUX_BOOT_FLAG 0xaa55u
#define LINUX_HDR_MAGIC_VALUE 0x53726448u /* "HdrS" little-endian */
#define LINUX_PROTOCOL_MIN 0x020cu        /* 2.12: xloadflags, 64-bit entry */
#define LINUX_PROTOCOL_ACPI_RSDP 0x020eu  /* 2.14: boot_params.acpi_rsdp_addr */
#define LINUX_LOADER_UNDEFINED 0xffu      /* type_of_loader: no assigned ID */
#define LINUX_LOADED_HIGH 0x01u           /* loadflags: kernel at 1 MiB up */
#define LINUX_CAN_USE_HEAP 0x80u          /* loadflags */
#define LINUX_XLF_KERNEL_64 0x0001u       /* xloadflags: has the 64-bit entry */
#define LINUX_SECTOR 512u

/* struct boot_params beyond the setup header. */
#define LINUX_BP_SIZE 4096u
#define LINUX_BP_ACPI_RSDP_ADDR 0x070u   /* u64: protocol 2.14 on */
#define LINUX_BP_EXT_CMD_LINE_PTR 0x0c8u /* u32: cmd_line_ptr's upper half */
#define LINUX_BP_E820_ENTRIES 0x1e8u     /* u8 */
#define LINUX_BP_E820_TABLE 0x2d0u       /* struct linux_e820_entry[128] */
#define LINUX_E820_MAX 128u

#define LINUX_E820_RAM 1u
#define LINUX_E820_RESERVED 2u

/* One e820 entry as boot_params packs it: 20 bytes, no padding. */
#define LINUX_E820_ENTRY_SIZE 20u
#define LINUX_E820_ADDR 0u  /* u64 */
#define LINUX_E820_LEN 8u   /* u64 */
#define LINUX_E820_TYPE 16u /* u32 */

_Static_assert(LINUX_BP_E820_TABLE + LINUX_E820_MAX * LINUX_E820_ENTRY_SIZE <=
		       LINUX_BP_SIZE,
	       "the e820 table fits in boot_params");
_Static_assert(LINUX_HDR_MIN_END <= LINUX_HDR_END_MAX &&
		       LINUX_HDR_END_MAX < LINUX_BP_E820_TABLE,
	       "the setup header ends before the e820 table");
_Static_assert(LINUX_CMDLINE_GPA + LINUX_CMDLINE_MAX + 1 <= LINUX_STACK_TOP - 0x1000,
	       "the command line page lies below the stack page");

#endif
