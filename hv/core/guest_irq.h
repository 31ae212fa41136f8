/*
 * A kernel guest's interrupts (guest_dev.h's guest_dev_irq_line and
 * guest_dev_before_entry are here too): its 8259 pair and ELCR, the
 * lines driven into it (the PIT's OUT0 on IRQ 0, COM1 on IRQ 4,
 * virtio-mmio on IRQ 5, level), INTA and injection, and HLT with
 * interrupts on as a wait for the next interrupt. Times are on the guest's
 * own clock (guest.h), so the same guest gets the same interrupts at the
 * same instructions however its slices are cut.
 */
#ifndef HV_CORE_GUEST_IRQ_H
#define HV_CORE_GUEST_IRQ_H

#include <stdbool.h>
#include <stdint.h>

struct guest;

#define GUEST_IRQ_PIT 0u
#define GUEST_IRQ_NONE UINT64_MAX

/* PIT ticks since the guest started, on its own clock. */
uint64_t guest_irq_pit_now(const struct guest *g);
/* The 8259 pair's and the ELCR's ports. */
bool guest_irq_claims(uint16_t port);
uint8_t guest_irq_read(struct guest *g, uint16_t port);
void guest_irq_write(struct guest *g, uint16_t port, uint8_t v);
/* Before a PIT port access: an IRQ 0 edge already due is raised under the
 * old programming. */
void guest_irq_pit_catch_up(struct guest *g);
/* After a UART access: its IRQ 4 line follows the chip. */
void guest_irq_uart(struct guest *g);
/* The run-clock cycle of the next timed interrupt (the PIT's next edge),
 * GUEST_IRQ_NONE if none is coming: the core ends a run there. */
uint64_t guest_irq_next_event(const struct guest *g);
/* HLT, already skipped: true if it ends the slice. With RFLAGS.IF set and
 * nothing pending, the guest waits (g->time.halted) until its next timed
 * interrupt or a line a device raises; with IF clear nothing can wake it,
 * and it only yields, as a guest stub does. */
bool guest_irq_halt(struct guest *g);
/* A halted guest's wait is over at NOW: it may run. */
bool guest_irq_woken(struct guest *g, uint64_t now);

/* Its interrupts and waits for the summary, if it had any. */
void guest_irq_summary(const struct guest *g);

#endif
