/* The hypervisor's GDT and 64-bit TSS, which VMX needs as host state. */
#ifndef HV_ARCH_X86_GDT_H
#define HV_ARCH_X86_GDT_H

#include <stdint.h>

#include "hv/arch/x86/descriptors.h"

#define GDT_KERNEL_CS SEL_CODE64
#define GDT_KERNEL_DS SEL_DATA
#define GDT_TSS 0x18

void gdt_init(void);
uint64_t gdt_base(void);
uint64_t tss_base(void);

#endif
