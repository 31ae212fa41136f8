/*
 * A guest's 8042 keyboard controller (the PC/AT's, as the IBM PS/2
 * technical reference describes it) at ports 0x60 and 0x64: a controller
 * with no keyboard behind it. The status says it passed self-test, takes
 * commands and has no data, except the answers to the commands drivers
 * probe with (read the command byte, self-test, interface test). Enough
 * for memtest86+'s keyboard=legacy poll and Linux's i8042 probe.
 */
#ifndef HV_DEV_I8042_H
#define HV_DEV_I8042_H

#include <stdbool.h>
#include <stdint.h>

#define I8042_PORT_DATA 0x60u
#define I8042_PORT_STATUS 0x64u /* written: a command */

struct i8042 {
	uint8_t command_byte;
	uint8_t pending_command; /* one whose data byte comes on 0x60 */
	uint8_t out;             /* output buffer */
	bool out_full;
};

void i8042_init(struct i8042 *k);
bool i8042_claims(uint16_t port);
uint8_t i8042_read(struct i8042 *k, uint16_t port);
void i8042_write(struct i8042 *k, uint16_t port, uint8_t v);

#endif
