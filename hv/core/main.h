/* The hypervisor's one entry, for the boot paths (boot/multiboot/ after
 * GRUB, boot/efi/ through entry64): each gives what it found as a struct
 * boot_info. */
#ifndef HV_CORE_MAIN_H
#define HV_CORE_MAIN_H

#include <ballast/bootinfo.h>

/* bi 0: the boot path could not read its loader's information. Runs the
 * scenario and stops the machine; never returns. */
_Noreturn void hv_main(const struct boot_info *bi);

#endif
