/*
 * The guest's 8042 (i8042.h): commands answered from its own state; key
 * and mouse data never arrive.
 */
#include "hv/dev/i8042.h"

#define STATUS_OBF 0x01u
#define STATUS_SYS 0x04u     /* self-test passed */
#define STATUS_UNLOCKED 0x10u

#define CMD_READ_BYTE 0x20u
#define CMD_WRITE_BYTE 0x60u
#define CMD_SELF_TEST 0xaau
#define CMD_TEST_PORT1 0xabu
#define CMD_TEST_PORT2 0xa9u
#define SELF_TEST_OK 0x55u
#define PORT_TEST_OK 0x00u
#define COMMAND_BYTE_RESET 0x45u /* port 1 interrupt, SYS, translation */

void i8042_init(struct i8042 *k)
{
	*k = (struct i8042){ .command_byte = COMMAND_BYTE_RESET };
}

bool i8042_claims(uint16_t port)
{
	return port == I8042_PORT_DATA || port == I8042_PORT_STATUS;
}

static void answer(struct i8042 *k, uint8_t v)
{
	k->out = v;
	k->out_full = true;
}

uint8_t i8042_read(struct i8042 *k, uint16_t port)
{
	if (port == I8042_PORT_STATUS)
		return STATUS_SYS | STATUS_UNLOCKED | (k->out_full ? STATUS_OBF : 0);
	k->out_full = false;
	return k->out;
}

static void command(struct i8042 *k, uint8_t cmd)
{
	switch (cmd) {
	case CMD_READ_BYTE:
		answer(k, k->command_byte);
		break;
	case CMD_WRITE_BYTE:
		k->pending_command = cmd;
		break;
	case CMD_SELF_TEST:
		answer(k, SELF_TEST_OK);
		break;
	case CMD_TEST_PORT1:
	case CMD_TEST_PORT2:
		answer(k, PORT_TEST_OK);
		break;
	default:
		break; /* the rest (enable, disable, reset, ...) have no answer */
	}
}

void i8042_write(struct i8042 *k, uint16_t port, uint8_t v)
{
	if (port == I8042_PORT_STATUS) {
		command(k, v);
		return;
	}
	if (k->pending_command == CMD_WRITE_BYTE)
		k->command_byte = v;
	k->pending_command = 0; /* data for the keyboard itself is dropped */
}
