/*
 * Segment and interrupt descriptors as the SDM lays them out (volume 3,
 * 3.4.5 and 6.14.1), shared by the hypervisor and the guest stub, which
 * both run flat 64-bit code with the same selectors: 0x08 code, 0x10 data.
 */
#ifndef HV_ARCH_X86_DESCRIPTORS_H
#define HV_ARCH_X86_DESCRIPTORS_H

#include <stdint.h>

#define SEL_CODE64 0x08
#define SEL_DATA 0x10

#define DESC_CODE64 0x00af9a000000ffffull /* present, DPL 0, L, execute/read */
#define DESC_DATA 0x00cf92000000ffffull   /* present, DPL 0, read/write */

#define IDT_INTERRUPT_GATE 0x8e00ull /* present, DPL 0, 64-bit interrupt gate */

/* The operand of LGDT and LIDT. */
struct descriptor_table {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* A 64-bit interrupt gate takes two quadwords. */
static inline void idt_set_gate(uint64_t *idt, unsigned vector,
				uint64_t handler)
{
	idt[2 * vector] = (handler & 0xffffull) | ((uint64_t)SEL_CODE64 << 16) |
			  IDT_INTERRUPT_GATE << 32 |
			  ((handler >> 16) & 0xffffull) << 48;
	idt[2 * vector + 1] = handler >> 32;
}

/* Loads a GDT and reloads CS (by a far return) and the data segments. */
static inline void gdt_load(const struct descriptor_table *d)
{
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ax\n\t"
			 "mov %%ax, %%ds\n\t"
			 "mov %%ax, %%es\n\t"
			 "mov %%ax, %%ss"
			 :
			 : "m"(*d), "i"(SEL_CODE64), "i"(SEL_DATA)
			 : "rax", "memory");
}

#endif
