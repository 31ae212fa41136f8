/* The hypervisor's GDT and 64-bit TSS, which VMX needs as host state. */
#ifndef HV_ARCH_X86_GDT_H
#define HV_ARCH_X86_GDT_H

#include <stdint.h>

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS 0x18

struct descriptor_table {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void gdt_init(void);
uint64_t gdt_base(void);
uint64_t tss_base(void);

#endif
