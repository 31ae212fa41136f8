/*
 * A guest's 16550 UART (National Semiconductor PC16550D datasheet) at
 * COM1's ports: what a polling driver needs, the transmitter always empty
 * (LSR THRE and TEMT), no received data, no interrupt pending, the
 * divisor latch and scratch register kept, loopback's modem status
 * mirrored. Each transmitted byte is handed to the caller. Not the
 * hypervisor's own serial ports (hv/dev/serial.c): a model for guests.
 */
#ifndef HV_DEV_NS16550_H
#define HV_DEV_NS16550_H

#include <stdbool.h>
#include <stdint.h>

#define NS16550_COM1 0x3f8u
#define NS16550_PORTS 8u

struct ns16550 {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
};

void ns16550_init(struct ns16550 *u);
bool ns16550_claims(uint16_t port);
uint8_t ns16550_read(struct ns16550 *u, uint16_t port);
/* True when the write transmitted *tx. */
bool ns16550_write(struct ns16550 *u, uint16_t port, uint8_t v, uint8_t *tx);

#endif
