/*
 * The Intel 82540EM gigabit Ethernet controller (PCI 8086:100e), as QEMU
 * and Bochs emulate it: one receive and one transmit ring of legacy
 * descriptors, polled (its interrupts stay masked). Register and bit names
 * from Intel's "PCI/PCI-X Family of Gigabit Ethernet Controllers Software
 * Developer's Manual" (8254x), chapters 3 and 13.
 */
#ifndef HV_DEV_E1000_H
#define HV_DEV_E1000_H

#include "hv/lib/types.h"

#define E1000_FRAME_MAX 1518    /* an Ethernet frame without its CRC */

struct e1000 {
	volatile uint8_t *regs; /* BAR0, mapped uncached */
	maddr_t bar;
	uint8_t mac[6];
	unsigned rx_next;       /* the next descriptor the NIC fills */
	unsigned tx_next;       /* the next descriptor we fill */
	uint64_t rx_frames, tx_frames, tx_dropped;
};

/* Finds the controller by a PCI scan, resets it and starts both rings.
 * ST_NOENT without one; ST_IO when it does not come out of reset. */
int e1000_probe(struct e1000 *nic);
/* Queues one frame (copied) for sending; ST_FULL when the ring is, ST_INVAL
 * when len is over E1000_FRAME_MAX. */
int e1000_send(struct e1000 *nic, const void *frame, size_t len);
/* The next received frame, if any: true and *frame, *len (valid until
 * e1000_receive_done, which hands its buffer back to the NIC). */
bool e1000_receive(struct e1000 *nic, const void **frame, size_t *len);
void e1000_receive_done(struct e1000 *nic);

#endif
