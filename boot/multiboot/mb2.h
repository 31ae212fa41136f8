/* Turns GRUB's Multiboot2 information into the hypervisor's boot_info. */
#ifndef BOOT_MULTIBOOT_MB2_H
#define BOOT_MULTIBOOT_MB2_H

#include <ballast/bootinfo.h>
#include <stdint.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289

int mb2_to_boot_info(uint32_t magic, const void *mbi, struct boot_info *bi);

#endif
