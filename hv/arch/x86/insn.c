/*
 * The MMIO instruction decoder (hv/arch/x86/insn.h). Opcodes from the
 * Intel SDM volume 2: 88/89 MOV r/m,r; 8A/8B MOV r,r/m; C6/C7 /0 MOV
 * r/m,imm; 0F B6/B7 MOVZX r,r/m8/16. Prefixes taken: 66 (16-bit operand)
 * and one REX right before the opcode. Anything else (LOCK, REP, segment
 * overrides, a register operand) is refused: Linux's accessors never emit
 * them on MMIO, and a guest that does is stopped, not guessed at.
 */
#include "hv/arch/x86/insn.h"

#define PREFIX_OPSIZE 0x66
#define REX_MIN 0x40
#define REX_MAX 0x4f
#define REX_W 0x08
#define REX_R 0x04
#define OP_TWO_BYTE 0x0f
#define OP_MOV_STORE8 0x88
#define OP_MOV_STORE 0x89
#define OP_MOV_LOAD8 0x8a
#define OP_MOV_LOAD 0x8b
#define OP_MOV_IMM8 0xc6
#define OP_MOV_IMM 0xc7
#define OP2_MOVZX8 0xb6
#define OP2_MOVZX16 0xb7

#define MODRM_MOD_SHIFT 6
#define MODRM_REG_SHIFT 3
#define MODRM_FIELD_MASK 7u
#define MOD_REGISTER 3u
#define RM_SIB 4u
#define RM_DISP32 5u /* with mod 0: RIP-relative */
#define SIB_BASE_NONE 5u

/* Decoding state: the bytes, where we are, the prefixes seen. */
struct cursor {
	const uint8_t *code;
	size_t avail, at;
	bool opsize, rex;
	uint8_t rex_bits;
};

static bool take(struct cursor *c, uint8_t *b)
{
	if (c->at >= c->avail)
		return false;
	*b = c->code[c->at++];
	return true;
}

/* prefixes: 66s then at most one REX; the opcode's first byte in *OP. */
static enum status prefixes(struct cursor *c, uint8_t *op)
{
	if (!take(c, op))
		return ST_RANGE;
	while (*op == PREFIX_OPSIZE) {
		c->opsize = true;
		if (!take(c, op))
			return ST_RANGE;
	}
	if (*op >= REX_MIN && *op <= REX_MAX) {
		c->rex = true;
		c->rex_bits = *op & 0x0f;
		if (!take(c, op))
			return ST_RANGE;
	}
	return ST_OK;
}

/*
 * modrm: reads ModRM and skips SIB and displacement; the reg field (with
 * REX.R) in *REG. A register operand is no memory access: ST_INVAL.
 */
static enum status modrm(struct cursor *c, uint8_t *reg)
{
	uint8_t m, sib;

	if (!take(c, &m))
		return ST_RANGE;
	unsigned mod = m >> MODRM_MOD_SHIFT, rm = m & MODRM_FIELD_MASK;
	size_t disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;

	if (mod == MOD_REGISTER)
		return ST_INVAL;
	*reg = (uint8_t)(((m >> MODRM_REG_SHIFT) & MODRM_FIELD_MASK) |
			 ((c->rex_bits & REX_R) ? 8 : 0));
	if (rm == RM_SIB) {
		if (!take(c, &sib))
			return ST_RANGE;
		if (mod == 0 && (sib & MODRM_FIELD_MASK) == SIB_BASE_NONE)
			disp = 4;
	} else if (mod == 0 && rm == RM_DISP32) {
		disp = 4;
	}
	if (c->avail - c->at < disp)
		return ST_RANGE;
	c->at += disp;
	return ST_OK;
}

/* operand_size: 8 with REX.W, else 2 with 66, else 4. */
static uint8_t operand_size(const struct cursor *c)
{
	if (c->rex_bits & REX_W)
		return 8;
	return c->opsize ? 2 : 4;
}

/* immediate: SIZE's immediate (32 bits at most), sign-extended. */
static enum status immediate(struct cursor *c, struct mmio_insn *out)
{
	size_t n = out->size > 4 ? 4 : out->size;
	uint64_t v = 0;

	if (c->avail - c->at < n)
		return ST_RANGE;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)c->code[c->at + i] << (8 * i);
	c->at += n;
	if (v & (1ull << (8 * n - 1)))
		v |= ~0ull << (8 * n);
	out->imm = out->size == 8 ? v : v & ((1ull << (8 * out->size)) - 1);
	out->has_imm = true;
	return ST_OK;
}

/* byte_reg: AH-BH for 4-7 when no REX is present, as the CPU reads them. */
static void byte_reg(const struct cursor *c, struct mmio_insn *out)
{
	if (!c->rex && out->reg >= 4 && out->reg < 8) {
		out->high_byte = true;
		out->reg -= 4;
	}
}

static enum status two_byte(struct cursor *c, struct mmio_insn *out)
{
	uint8_t op;

	if (!take(c, &op))
		return ST_RANGE;
	if (op != OP2_MOVZX8 && op != OP2_MOVZX16)
		return ST_INVAL;
	out->size = op == OP2_MOVZX8 ? 1 : 2;
	out->dst_size = operand_size(c);
	return modrm(c, &out->reg);
}

/* one_byte: the MOV forms; OP is the opcode byte after the prefixes. */
static enum status one_byte(struct cursor *c, uint8_t op, struct mmio_insn *out)
{
	bool byte = op == OP_MOV_STORE8 || op == OP_MOV_LOAD8 || op == OP_MOV_IMM8;
	enum status st;

	if (op != OP_MOV_STORE8 && op != OP_MOV_STORE && op != OP_MOV_LOAD8 &&
	    op != OP_MOV_LOAD && op != OP_MOV_IMM8 && op != OP_MOV_IMM)
		return ST_INVAL;
	out->size = byte ? 1 : operand_size(c);
	out->dst_size = out->size;
	out->write = op != OP_MOV_LOAD8 && op != OP_MOV_LOAD;
	st = modrm(c, &out->reg);
	if (st != ST_OK)
		return st;
	if (op == OP_MOV_IMM8 || op == OP_MOV_IMM) {
		if ((out->reg & MODRM_FIELD_MASK) != 0)
			return ST_INVAL; /* C6/C7 /1-/7 are other instructions */
		out->reg = 0;
		return immediate(c, out);
	}
	if (byte)
		byte_reg(c, out);
	return ST_OK;
}

enum status insn_decode_mmio(const uint8_t *code, size_t avail, struct mmio_insn *out)
{
	struct cursor c = {.code = code, .avail = avail > INSN_MAX_LEN ? INSN_MAX_LEN : avail};
	struct mmio_insn in = {0};
	uint8_t op;
	enum status st = prefixes(&c, &op);

	if (st != ST_OK)
		return st;
	st = op == OP_TWO_BYTE ? two_byte(&c, &in) : one_byte(&c, op, &in);
	if (st != ST_OK)
		return st;
	in.len = (uint8_t)c.at;
	*out = in;
	return ST_OK;
}

static uint64_t size_mask(uint8_t size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

uint64_t insn_store_value(const struct mmio_insn *in, uint64_t reg)
{
	if (in->has_imm)
		return in->imm;
	return (in->high_byte ? reg >> 8 : reg) & size_mask(in->size);
}

uint64_t insn_load_result(const struct mmio_insn *in, uint64_t old, uint64_t value)
{
	uint64_t v = value & size_mask(in->size);

	if (in->high_byte)
		return (old & ~0xff00ull) | (v << 8);
	if (in->dst_size >= 4)
		return v; /* a 32-bit destination zero-extends into 64 */
	return (old & ~size_mask(in->dst_size)) | v;
}
