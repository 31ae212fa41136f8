/* Exception handling in the hypervisor itself: any exception is fatal. */
#ifndef HV_ARCH_X86_TRAP_H
#define HV_ARCH_X86_TRAP_H

#include <stdint.h>

/* Pushed by the stubs in trap_entry.S; the order matches the pushes. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

void idt_init(void);
/* Points an interrupt vector (32..255) at a handler stub. */
void idt_set_interrupt(unsigned vector, uint64_t handler);
uint64_t idt_base(void);
void trap_handler(struct trap_frame *f);

#endif
