/*
 * The Linux boot protocol's pure half: reading a bzImage's setup header
 * and checking it against the guest that is to run it, and laying out the
 * zero page (struct boot_params, include/ballast/linux_boot.h) with the
 * guest's e820 map and command line. No guest memory is touched here, so
 * the host unit tests run it on byte arrays; linux_guest.c puts the
 * results into a guest.
 */
#ifndef HV_CORE_LINUX_BOOT_H
#define HV_CORE_LINUX_BOOT_H

#include <ballast/linux_boot.h>

#include "hv/lib/types.h"

#define LINUX_WHY_LEN 128

/* What the setup header says about a kernel that can boot. */
struct linux_kernel {
	uint16_t version;      /* boot protocol, major << 8 | minor */
	uint64_t file_offset;  /* of the protected-mode kernel in the image */
	uint64_t payload_size; /* bytes of it, loaded at load_gpa */
	gpa_t load_gpa;
	gpa_t entry_gpa;       /* the 64-bit entry */
	gpa_t mem_end;         /* load_gpa + the larger of payload, init_size */
	uint32_t cmdline_max;  /* the longest command line it takes */
	gpa_t initrd_gpa;      /* where its initrd goes (linux_initrd_check) */
	uint64_t initrd_size;  /* 0: none */
};

/*
 * Checks the image (size bytes) for a guest of `memory` bytes and a command
 * line of cmdline_len bytes: ST_OK and *k filled, or ST_INVAL with why
 * (LINUX_WHY_LEN bytes) saying what is wrong: a short file, no boot flag
 * or "HdrS", a protocol before 2.12, no 64-bit entry, a kernel that loads
 * low, below 1 MiB or past the guest's memory or identity map, a command
 * line longer than the kernel or Ballast's page takes.
 */
int linux_kernel_check(const uint8_t *img, uint64_t size, uint64_t memory,
		       uint64_t cmdline_len, struct linux_kernel *k,
		       char *why);

/*
 * Places an initrd of `size` bytes for a kernel linux_kernel_check took,
 * as a boot loader does: page-aligned, as high as the guest's memory and
 * the kernel's initrd_addr_max allow, above the kernel's init_size (and
 * below the first 4 GiB: ramdisk_image is 32 bits). ST_OK and k's
 * initrd fields set, or ST_INVAL with why: an empty initrd, or one that
 * does not fit.
 */
int linux_initrd_check(const uint8_t *img, uint64_t memory, uint64_t size,
		       struct linux_kernel *k, char *why);

/* Fills bp (LINUX_BP_SIZE bytes) for an image linux_kernel_check took:
 * its setup header (as long as its jump byte says, at most up to
 * LINUX_HDR_END_MAX) with the loader's fields set, the command line at
 * LINUX_CMDLINE_GPA and the e820 map of a guest of `memory` bytes. */
void linux_boot_params(uint8_t *bp, const uint8_t *img, uint64_t size,
		       uint64_t memory, const struct linux_kernel *k);

/* The e820 map of a guest of `memory` bytes (at most LINUX_E820_MAX
 * entries written to the table at bp + LINUX_BP_E820_TABLE): RAM below
 * LINUX_LOW_END, the legacy hole reserved, RAM from 1 MiB to memory.
 * Returns the number of entries. */
unsigned linux_e820(uint8_t *bp, uint64_t memory);

#endif
