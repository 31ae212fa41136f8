/* Turns GRUB's Multiboot2 information into the hypervisor's boot_info. */
#ifndef BOOT_MULTIBOOT_MB2_H
#define BOOT_MULTIBOOT_MB2_H

#include <ballast/bootinfo.h>
#include <stdint.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289

/*
 * Fills *bi from the information structure at mbi, reading nothing past its
 * total_size. ST_INVAL for a magic that is not Multiboot2's, or a
 * structure a loader could not have made: a tag shorter than its header or
 * running past total_size, a module that ends before it starts, memory map
 * entries of a size that is not a multiple of 8 of at least 24 bytes.
 * Strings are cut at the end of their tag; unknown memory types are
 * reserved; modules and ranges past the boot_info's room are dropped.
 */
int mb2_to_boot_info(uint32_t magic, const void *mbi, struct boot_info *bi);

/* start.c, called by entry.S with GRUB's EAX and EBX: converts and calls
 * hv_main. */
void mb2_start(uint32_t magic, const void *mbi);

#endif
