/*
 * The x86 instructions a guest's MMIO access may be (issue 14): the MOV
 * forms Linux's readb/readw/readl/readq and writeb/.../writeq compile to,
 * decoded from the bytes at the guest's RIP. Only what emulation needs:
 * the length, the access's size and direction, the register or the
 * immediate. The address comes from the fault itself, so ModRM, SIB and
 * displacement are only skipped. Pure code, host unit-tested.
 */
#ifndef HV_ARCH_X86_INSN_H
#define HV_ARCH_X86_INSN_H

#include "hv/lib/types.h"

#define INSN_MAX_LEN 15u

struct mmio_insn {
	uint8_t len;       /* bytes, to advance RIP by */
	uint8_t size;      /* bytes accessed: 1, 2, 4 or 8 */
	bool write;        /* store to the device (else a load) */
	bool has_imm;      /* a store of imm, not of reg */
	bool high_byte;    /* reg is AH, CH, DH or BH: bits 8-15 of reg & 3 */
	uint8_t reg;       /* general register 0 (RAX) to 15 (R15) */
	uint8_t dst_size;  /* a load's register width: 1, 2, 4 or 8 */
	uint64_t imm;      /* a store's immediate, sign-extended to size */
};

/*
 * insn_decode_mmio: decodes the AVAIL (at most INSN_MAX_LEN) bytes at
 * CODE. ST_OK and *OUT filled, ST_INVAL for any other instruction or a
 * register operand, ST_RANGE if it runs past AVAIL.
 */
enum status insn_decode_mmio(const uint8_t *code, size_t avail, struct mmio_insn *out);

/* insn_store_value: what a store writes, given the value of its register. */
uint64_t insn_store_value(const struct mmio_insn *in, uint64_t reg);

/*
 * insn_load_result: the register's new value after a load of VALUE (the
 * device's SIZE bytes): a 32-bit destination clears bits 32-63 as the CPU
 * does, 8- and 16-bit ones keep the rest of OLD.
 */
uint64_t insn_load_result(const struct mmio_insn *in, uint64_t old, uint64_t value);

#endif
