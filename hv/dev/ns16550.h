/*
 * A guest's 16550 UART (National Semiconductor PC16550D datasheet) at
 * COM1's ports: the transmitter always empty (LSR THRE and TEMT), no
 * received data, the divisor latch and scratch register kept, loopback's
 * modem status mirrored, and the one interrupt such a chip can raise: THR
 * empty (IER bit 1), shown in IIR and cleared by reading it there or by
 * the next THR write (after which the empty transmitter raises it again).
 * Its output to the 8259 (COM1's IRQ 4) is gated by MCR OUT2, as a PC
 * wires it. Each transmitted byte is handed to the caller. Not the
 * hypervisor's own serial ports (hv/dev/serial.c): a model for guests.
 */
#ifndef HV_DEV_NS16550_H
#define HV_DEV_NS16550_H

#include <stdbool.h>
#include <stdint.h>

#define NS16550_COM1 0x3f8u
#define NS16550_PORTS 8u
#define NS16550_COM1_IRQ 4u

struct ns16550 {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	bool thre;  /* the THR-empty interrupt is pending (if IER enables it) */
};

void ns16550_init(struct ns16550 *u);
bool ns16550_claims(uint16_t port);
uint8_t ns16550_read(struct ns16550 *u, uint16_t port);
/* True when the write transmitted *tx. */
bool ns16550_write(struct ns16550 *u, uint16_t port, uint8_t v, uint8_t *tx);
/* The level of its interrupt line (IRQ 4). */
bool ns16550_irq(const struct ns16550 *u);

#endif
