/* The guest stub's own descriptor tables and interrupt handling. */
#ifndef GUEST_STUB_CPU_H
#define GUEST_STUB_CPU_H

#include <stdint.h>

/* Loads a GDT and an IDT with the exception handlers and the balloon
 * vector, then enables interrupts. */
void cpu_init(void);

/* Set by the balloon interrupt; the balloon driver clears it. */
extern volatile int balloon_irq_pending;

void balloon_irq(void);
/* #PF: returns when the pager read the page back (pager.h). */
void page_fault(uint64_t addr, uint64_t error, uint64_t rip);
_Noreturn void guest_exception(uint64_t vector, uint64_t rip);

#endif
