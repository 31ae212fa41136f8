/*
 * Starting a guest through the Linux boot protocol (an unmodified bzImage:
 * memtest86+, a Linux kernel): its image checked against its scenario
 * line, then its page tables, GDT, zero page, command line and kernel
 * written into its memory, and the 64-bit entry state boot.rst asks
 * (include/ballast/linux_boot.h) handed to the back end.
 */
#ifndef HV_CORE_LINUX_GUEST_H
#define HV_CORE_LINUX_GUEST_H

#include "hv/core/guest.h"
#include "hv/core/linux_boot.h"

/* ST_OK and *k, or ST_INVAL after printing why the guest's kernel or
 * command line cannot boot. */
int linux_guest_check(const struct guest *g, const struct scn_guest *sg,
		      const struct guest_image *img, struct linux_kernel *k);

/* Writes everything the kernel finds at its entry into g's memory and
 * fills *start; a p2m status when the machine has no page for it. */
int linux_guest_build(struct guest *g, const struct scn_guest *sg,
		      const struct guest_image *img,
		      const struct linux_kernel *k, struct vcpu_start *start);

#endif
