/*
 * GDT: null, 64-bit code, data, and a 64-bit TSS. The boot GDT has no TSS,
 * and VM entry checks that the host TR selects a usable TSS, so the
 * hypervisor loads its own before VMXON. No privilege changes happen in
 * the hypervisor, so the TSS's stack fields stay zero.
 */
#include "hv/arch/x86/gdt.h"

#include <stddef.h>

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss64) == 104, "TSS is 104 bytes (SDM 8.7)");

#define TSS_TYPE_AVAILABLE 0x89ull

static struct tss64 tss;
static uint64_t gdt[5] __attribute__((aligned(16)));

/* A 64-bit system descriptor takes two GDT slots (SDM 8.2.3). */
static void set_tss_descriptor(uint64_t *slot, uint64_t base, uint32_t limit)
{
	slot[0] = (limit & 0xffffull) | ((base & 0xffffffull) << 16) |
		  (TSS_TYPE_AVAILABLE << 40) | (((uint64_t)limit >> 16) << 48) |
		  (((base >> 24) & 0xffull) << 56);
	slot[1] = base >> 32;
}

void gdt_init(void)
{
	struct descriptor_table d;

	gdt[0] = 0;
	gdt[1] = DESC_CODE64;
	gdt[2] = DESC_DATA;
	tss.iomap_base = sizeof(tss);
	set_tss_descriptor(&gdt[3], (uint64_t)&tss, sizeof(tss) - 1);
	d.limit = sizeof(gdt) - 1;
	d.base = (uint64_t)gdt;
	gdt_load(&d);
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS) : "memory");
}

uint64_t gdt_base(void)
{
	return (uint64_t)gdt;
}

uint64_t tss_base(void)
{
	return (uint64_t)&tss;
}
