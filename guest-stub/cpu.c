/*
 * GDT, IDT and interrupts of the guest stub. The hypervisor starts the
 * guest with no descriptor tables of its own; interrupt delivery needs an
 * IDT, and its gates name a code segment that must be in a GDT. The same
 * selectors as the start state (0x08 code, 0x10 data) keep the switch
 * invisible.
 */
#include "guest-stub/cpu.h"

#include <ballast/hypercall.h>

#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define NR_EXCEPTIONS 21
#define IDT_ENTRIES (BALLAST_BALLOON_VECTOR + 1)
#define GATE_INTERRUPT 0x8e00ull

struct table_register {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint64_t exception_entries[NR_EXCEPTIONS];
void balloon_irq_entry(void);

static const uint64_t gdt[] __attribute__((aligned(16))) = {
	0, 0x00af9a000000ffffull, 0x00cf92000000ffffull,
};
static uint64_t idt[2 * IDT_ENTRIES] __attribute__((aligned(16)));

volatile int balloon_irq_pending;

static void set_gate(unsigned vector, uint64_t handler)
{
	idt[2 * vector] = (handler & 0xffffull) | ((uint64_t)SEL_CODE << 16) |
			  GATE_INTERRUPT << 32 |
			  ((handler >> 16) & 0xffffull) << 48;
	idt[2 * vector + 1] = handler >> 32;
}

static void load_gdt(void)
{
	struct table_register r = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

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
			 : "m"(r), "i"(SEL_CODE), "i"(SEL_DATA)
			 : "rax", "memory");
}

void cpu_init(void)
{
	struct table_register r = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	load_gdt();
	for (unsigned v = 0; v < NR_EXCEPTIONS; v++)
		set_gate(v, exception_entries[v]);
	set_gate(BALLAST_BALLOON_VECTOR, (uint64_t)(uintptr_t)balloon_irq_entry);
	__asm__ volatile("lidt %0; sti" : : "m"(r) : "memory");
}

void balloon_irq(void)
{
	balloon_irq_pending = 1;
}

_Noreturn void guest_exception(uint64_t vector, uint64_t rip)
{
	gprintf("exception %lu at rip 0x%lx\n", vector, rip);
	hypercall(HC_EXIT, 100 + vector, 0, 0, 0);
	for (;;)
		__asm__ volatile("cli; hlt");
}
