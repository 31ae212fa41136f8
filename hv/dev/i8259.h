/*
 * A guest's 8259A interrupt controller pair (Intel 8259A datasheet,
 * 231468) with the PC's edge/level control registers (ELCR, ports 0x4d0
 * and 0x4d1), as Linux in PIC-only mode (nolapic noapic) programs them:
 * the master at 0x20-0x21 with the slave cascaded on its IRQ 2 at
 * 0xa0-0xa1. Lines 0-15 are driven by the guest's devices (the PIT on 0,
 * COM1 on 4, virtio-mmio on 5, level); the vCPU takes the highest-
 * priority pending one when it can. Pure code, host unit-tested. Not the
 * hypervisor's own PIC (hv/dev/pic.c, which masks the machine's).
 */
#ifndef HV_DEV_I8259_H
#define HV_DEV_I8259_H

#include <stdbool.h>
#include <stdint.h>

#define I8259_MASTER_CMD 0x20u
#define I8259_MASTER_DATA 0x21u
#define I8259_SLAVE_CMD 0xa0u
#define I8259_SLAVE_DATA 0xa1u
#define I8259_ELCR_MASTER 0x4d0u
#define I8259_ELCR_SLAVE 0x4d1u
#define I8259_CASCADE_IRQ 2u

struct i8259 {
	uint8_t irr, isr, imr;
	uint8_t elcr;      /* 1: level-triggered line */
	uint8_t level;     /* the lines' input levels */
	uint8_t vector_base;
	uint8_t init_step; /* 0: initialized; 1-3: ICW2-ICW4 expected */
	bool want_icw4, single, read_isr, auto_eoi;
};

struct i8259_pair {
	struct i8259 chip[2]; /* master, slave */
};

void i8259_init(struct i8259_pair *p);
bool i8259_claims(uint16_t port);
uint8_t i8259_read(struct i8259_pair *p, uint16_t port);
void i8259_write(struct i8259_pair *p, uint16_t port, uint8_t v);
/* A device drives line IRQ (0-15) to LEVEL. */
void i8259_set_irq(struct i8259_pair *p, unsigned irq, bool level);
/* Whether a line is pending for the CPU (INTR high). */
bool i8259_pending(const struct i8259_pair *p);
/* The CPU takes the interrupt (INTA): its vector, the line now in
 * service. A request that went away before INTA gives the chip's IR7
 * vector with nothing put in service (datasheet, "Interrupt Sequence"):
 * the master's (IRQ 7), or the slave's (IRQ 15) when the master took the
 * cascade line. Linux reads the ISR to tell these apart and drops them. */
int i8259_ack(struct i8259_pair *p);

#endif
