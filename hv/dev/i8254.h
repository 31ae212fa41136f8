/*
 * A guest's 8254 programmable interval timer (Intel 8254 datasheet,
 * 231164): three 16-bit down-counters at 1.193182 MHz behind ports
 * 0x40-0x43, and channel 2's gate and output on port 0x61 (NMI status and
 * control, as the PC/AT wires them), which is what memtest86+ and Linux
 * calibrate the TSC against. Time comes from the caller in PIT ticks
 * since the guest started, taken from the run's clock, so a run under
 * Bochs answers the same on every run. Channel 0's OUT is IRQ0: the
 * caller asks when its next rising edge comes (i8254_next_edge) and
 * raises the line then. Not the hypervisor's own PIT use (hv/dev/pit.c):
 * this is a model for guests.
 */
#ifndef HV_DEV_I8254_H
#define HV_DEV_I8254_H

#include <stdbool.h>
#include <stdint.h>

#define I8254_HZ 1193182u
#define I8254_PORT_COUNTER0 0x40u
#define I8254_PORT_CONTROL 0x43u
#define I8254_PORT_NMI_SC 0x61u /* PC/AT port B: gate 2, speaker, OUT2 */

struct i8254_channel {
	uint16_t reload;     /* the count written; 0 counts 65536 */
	uint16_t latched;    /* counter latch command's value */
	uint8_t mode;        /* 0-5 */
	uint8_t access;      /* 1 lobyte, 2 hibyte, 3 lobyte then hibyte */
	bool write_hi, read_hi, latch_valid, counting;
	uint8_t low;         /* lobyte of a count being written */
	uint64_t start;      /* tick the count was loaded or the gate rose */
};

struct i8254 {
	struct i8254_channel ch[3];
	uint8_t port_b;      /* bits 0-1 as written: gate 2, speaker data */
};

void i8254_init(struct i8254 *p);
/* now: PIT ticks since the guest started. Ports 0x40-0x43 and 0x61. */
uint8_t i8254_read(struct i8254 *p, uint16_t port, uint64_t now);
void i8254_write(struct i8254 *p, uint16_t port, uint8_t v, uint64_t now);
bool i8254_claims(uint16_t port);
/* The tick of channel I's first rising OUT edge after NOW: every period
 * in modes 2 and 3, once at terminal count in mode 0 (and 1, 4, 5, which
 * count as 0 does); I8254_NEVER if the channel does not count. */
#define I8254_NEVER UINT64_MAX
uint64_t i8254_next_edge(const struct i8254 *p, unsigned i, uint64_t now);

#endif
