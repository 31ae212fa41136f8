/*
 * GDT, IDT and interrupts of the guest stub. The hypervisor starts the
 * guest with no descriptor tables of its own; interrupt delivery needs an
 * IDT, and its gates name a code segment that must be in a GDT. The same
 * selectors as the start state (0x08 code, 0x10 data) keep the switch
 * invisible.
 */
#include "guest-stub/cpu.h"

#include <ballast/hypercall.h>

#include "guest-stub/lib.h"
#include "guest-stub/pager.h"
#include "guest-stub/report.h"
#include "guest-stub/vm.h"
#include "hv/arch/x86/descriptors.h"

#define NR_EXCEPTIONS 21
#define IDT_ENTRIES (BALLAST_BALLOON_VECTOR + 1)

extern const uint64_t exception_entries[NR_EXCEPTIONS];
void balloon_irq_entry(void);

static const uint64_t gdt[] __attribute__((aligned(16))) = {
	0, DESC_CODE64, DESC_DATA,
};
static uint64_t idt[2 * IDT_ENTRIES] __attribute__((aligned(16)));

volatile int balloon_irq_pending;

void cpu_init(void)
{
	struct descriptor_table g = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };
	struct descriptor_table r = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	gdt_load(&g);
	for (unsigned v = 0; v < NR_EXCEPTIONS; v++)
		idt_set_gate(idt, v, exception_entries[v]);
	idt_set_gate(idt, BALLAST_BALLOON_VECTOR,
		     (uint64_t)(uintptr_t)balloon_irq_entry);
	__asm__ volatile("lidt %0; sti" : : "m"(r) : "memory");
}

void balloon_irq(void)
{
	balloon_irq_pending = 1;
}

#define PF_PRESENT (1ull << 0) /* error code: a protection fault */

/* A touch of a heap page the pager evicted is a hard fault it resolves;
 * every other #PF is a bug in the stub and ends it. */
void page_fault(uint64_t addr, uint64_t error, uint64_t rip)
{
	uint64_t vpn = vm_vpn_of(addr);

	if (!(error & PF_PRESENT) && vpn < VM_MAX_PAGES && pager_fault(vpn))
		return;
	report_crash("page fault at 0x%lx (error 0x%lx) at rip 0x%lx", addr,
		     error, rip);
}

_Noreturn void guest_exception(uint64_t vector, uint64_t rip)
{
	report_crash("exception %lu at rip 0x%lx", vector, rip);
}
