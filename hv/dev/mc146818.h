/*
 * A guest's CMOS real-time clock (Motorola MC146818A datasheet, as the PC
 * wires it at ports 0x70 and 0x71): an index register, whose bit 7 masks
 * NMI on a PC, and 128 bytes behind it. The clock stands at a fixed date
 * and time (RTC_FIXED_* in mc146818.c), in BCD and 24-hour mode, so that
 * every run reads the same; no update is ever in progress (register A's
 * UIP clear), the time is valid (register D's VRT set) and no interrupt
 * is raised (register C reads 0). The other bytes are the CMOS RAM: kept
 * as written, 0 at first. Pure code, host unit-tested.
 */
#ifndef HV_DEV_MC146818_H
#define HV_DEV_MC146818_H

#include <stdbool.h>
#include <stdint.h>

#define MC146818_INDEX 0x70u
#define MC146818_DATA 0x71u
#define MC146818_BYTES 128u
#define MC146818_NMI_MASK 0x80u

struct mc146818 {
	uint8_t index;    /* the register port 0x71 reaches */
	bool nmi_masked;  /* bit 7 of the last index written */
	uint8_t ram[MC146818_BYTES];
};

void mc146818_init(struct mc146818 *r);
bool mc146818_claims(uint16_t port);
uint8_t mc146818_read(struct mc146818 *r, uint16_t port);
void mc146818_write(struct mc146818 *r, uint16_t port, uint8_t v);

#endif
