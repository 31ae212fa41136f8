/*
 * The hypervisor's IDT and its one exception handler. The hypervisor runs
 * with interrupts off and never expects an exception: one means a bug, so
 * the handler prints the vector, error code, RIP, CR2 and every register,
 * then stops the machine. A back end that takes host interrupts (the SVM
 * one's slice timer, lapic_timer.c) adds its gates with idt_set_interrupt.
 */
#include "hv/arch/x86/trap.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/gdt.h"
#include "hv/lib/printk.h"

#define NR_EXCEPTIONS 32

extern const uint64_t trap_stubs[NR_EXCEPTIONS];

#define NR_VECTORS 256

static uint64_t idt[2 * NR_VECTORS] __attribute__((aligned(16)));

static const char *const exception_names[NR_EXCEPTIONS] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization exception",
	"#CP control protection", "reserved 22", "reserved 23",
	"reserved 24", "reserved 25", "reserved 26", "reserved 27",
	"#HV hypervisor injection", "#VC VMM communication",
	"#SX security exception", "reserved 31",
};

void idt_init(void)
{
	struct descriptor_table d;

	for (unsigned v = 0; v < NR_EXCEPTIONS; v++)
		idt_set_gate(idt, v, trap_stubs[v]);
	d.limit = sizeof(idt) - 1;
	d.base = (uint64_t)idt;
	__asm__ volatile("lidt %0" : : "m"(d));
}

void trap_handler(struct trap_frame *f)
{
	const char *name = f->vector < NR_EXCEPTIONS
				   ? exception_names[f->vector]
				   : "unknown";

	printk("\nhypervisor exception %lu (%s), error code 0x%lx\n",
	       f->vector, name, f->error_code);
	printk("  rip %016lx  cs %04lx  rflags %016lx  cr2 %016lx\n", f->rip,
	       f->cs, f->rflags, read_cr2());
	printk("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n", f->rax,
	       f->rbx, f->rcx, f->rdx);
	printk("  rsi %016lx  rdi %016lx  rbp %016lx  rsp %016lx\n", f->rsi,
	       f->rdi, f->rbp, f->rsp);
	printk("  r8  %016lx  r9  %016lx  r10 %016lx  r11 %016lx\n", f->r8,
	       f->r9, f->r10, f->r11);
	printk("  r12 %016lx  r13 %016lx  r14 %016lx  r15 %016lx\n", f->r12,
	       f->r13, f->r14, f->r15);
	panic("exception %lu in the hypervisor", f->vector);
}

void idt_set_interrupt(unsigned vector, uint64_t handler)
{
	if (vector < NR_EXCEPTIONS || vector >= NR_VECTORS)
		panic("interrupt vector %u is not one for a device", vector);
	idt_set_gate(idt, vector, handler);
}

uint64_t idt_base(void)
{
	return (uint64_t)idt;
}
