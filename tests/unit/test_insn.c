/*
 * Unit tests of the MMIO instruction decoder (hv/arch/x86/insn.c): the
 * MOV forms Linux's MMIO accessors compile to, with every addressing mode
 * (disp8, disp32, SIB, RIP-relative), REX and 66 prefixes and the high
 * byte registers; then each class of undecodable bytes (other opcodes,
 * register operands, LOCK and REP, C7 /1, truncated instructions, prefix
 * runs past 15 bytes) refused; then the register semantics of loads.
 */
#include "hv/arch/x86/insn.h"
#include "tests/unit/check.h"

/* decodes BYTES into *IN; its status. */
static enum status dec(const uint8_t *bytes, size_t n, struct mmio_insn *in)
{
	return insn_decode_mmio(bytes, n, in);
}

#define DEC(in, ...)                                                  \
	dec((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}), &(in))

/* is LEN SIZE WRITE REG: the decoded instruction's fields. */
static bool is(const struct mmio_insn *in, unsigned len, unsigned size, bool write, unsigned reg)
{
	return in->len == len && in->size == size && in->write == write && in->reg == reg;
}

static void test_linux_accessors(void)
{
	struct mmio_insn in;

	CHECK(DEC(in, 0x8b, 0x07) == ST_OK && is(&in, 2, 4, false, 0)); /* readl (%rdi),%eax */
	CHECK(DEC(in, 0x89, 0x37) == ST_OK && is(&in, 2, 4, true, 6));  /* writel %esi,(%rdi) */
	CHECK(DEC(in, 0x48, 0x8b, 0x07) == ST_OK && is(&in, 3, 8, false, 0));
	CHECK(DEC(in, 0x48, 0x89, 0x37) == ST_OK && is(&in, 3, 8, true, 6));
	CHECK(DEC(in, 0x66, 0x89, 0x37) == ST_OK && is(&in, 3, 2, true, 6));
	CHECK(DEC(in, 0x66, 0x8b, 0x07) == ST_OK && is(&in, 3, 2, false, 0));
	CHECK(DEC(in, 0x88, 0x07) == ST_OK && is(&in, 2, 1, true, 0) && !in.high_byte);
	CHECK(DEC(in, 0x8a, 0x07) == ST_OK && is(&in, 2, 1, false, 0) && in.dst_size == 1);
	CHECK(DEC(in, 0x0f, 0xb6, 0x07) == ST_OK && is(&in, 3, 1, false, 0) && in.dst_size == 4);
	CHECK(DEC(in, 0x0f, 0xb7, 0x07) == ST_OK && is(&in, 3, 2, false, 0) && in.dst_size == 4);
	CHECK(DEC(in, 0x48, 0x0f, 0xb6, 0x07) == ST_OK && in.dst_size == 8);
	CHECK(DEC(in, 0x66, 0x0f, 0xb6, 0x07) == ST_OK && in.dst_size == 2);
	CHECK(DEC(in, 0x44, 0x89, 0x07) == ST_OK && is(&in, 3, 4, true, 8));   /* %r8d */
	CHECK(DEC(in, 0x41, 0x89, 0x00) == ST_OK && is(&in, 3, 4, true, 0));   /* (%r8) */
	CHECK(DEC(in, 0x4c, 0x8b, 0x3f) == ST_OK && is(&in, 3, 8, false, 15)); /* %r15 */
}

static void test_addressing(void)
{
	struct mmio_insn in;

	CHECK(DEC(in, 0x8b, 0x47, 0x10) == ST_OK && in.len == 3);                     /* disp8 */
	CHECK(DEC(in, 0x8b, 0x87, 0x00, 0x01, 0x00, 0x00) == ST_OK && in.len == 6);   /* disp32 */
	CHECK(DEC(in, 0x8b, 0x04, 0x24) == ST_OK && in.len == 3);                     /* (%rsp) */
	CHECK(DEC(in, 0x8b, 0x44, 0x24, 0x08) == ST_OK && in.len == 4);               /* SIB+8 */
	CHECK(DEC(in, 0x8b, 0x84, 0x24, 1, 2, 3, 4) == ST_OK && in.len == 7);         /* SIB+32 */
	CHECK(DEC(in, 0x8b, 0x04, 0x25, 0, 0, 0xb0, 0xfe) == ST_OK && in.len == 7);   /* no base */
	CHECK(DEC(in, 0x8b, 0x05, 0x10, 0, 0, 0) == ST_OK && in.len == 6);            /* RIP */
	CHECK(DEC(in, 0x8b, 0x07, 0x90, 0x90) == ST_OK && in.len == 2); /* stops at its end */
}

static void test_byte_registers(void)
{
	struct mmio_insn in;

	CHECK(DEC(in, 0x88, 0x27) == ST_OK && in.high_byte && in.reg == 0); /* %ah */
	CHECK(DEC(in, 0x88, 0x3f) == ST_OK && in.high_byte && in.reg == 3); /* %bh */
	CHECK(DEC(in, 0x40, 0x88, 0x37) == ST_OK && !in.high_byte && in.reg == 6); /* %sil */
	CHECK(DEC(in, 0x8a, 0x27) == ST_OK && in.high_byte && in.reg == 0);
	CHECK(insn_store_value(&in, 0x1234) == 0x12);
	CHECK(insn_load_result(&in, 0x1111111111111111ull, 0xab) == 0x111111111111ab11ull);
}

static void test_immediates(void)
{
	struct mmio_insn in;

	CHECK(DEC(in, 0xc7, 0x07, 1, 0, 0, 0) == ST_OK && is(&in, 6, 4, true, 0));
	CHECK(in.has_imm && insn_store_value(&in, 99) == 1);
	CHECK(DEC(in, 0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff) == ST_OK && in.len == 7);
	CHECK(in.size == 8 && in.imm == ~0ull);
	CHECK(DEC(in, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff) == ST_OK && in.imm == 0xffffffffull);
	CHECK(DEC(in, 0x66, 0xc7, 0x07, 0x34, 0x12) == ST_OK && in.len == 5 && in.imm == 0x1234);
	CHECK(DEC(in, 0xc6, 0x07, 0xab) == ST_OK && in.len == 3 && in.size == 1 && in.imm == 0xab);
	CHECK(DEC(in, 0xc7, 0x47, 0x08, 1, 0, 0, 0) == ST_OK && in.len == 7);
}

static void test_undecodable(void)
{
	struct mmio_insn in = {.len = 77};

	CHECK(DEC(in, 0x90) == ST_INVAL);                   /* nop */
	CHECK(DEC(in, 0x0f, 0x05) == ST_INVAL);             /* syscall */
	CHECK(DEC(in, 0x8b, 0xc0) == ST_INVAL);             /* register operand */
	CHECK(DEC(in, 0xc7, 0xc0, 1, 0, 0, 0) == ST_INVAL); /* register operand */
	CHECK(DEC(in, 0xf0, 0x89, 0x07) == ST_INVAL);       /* LOCK */
	CHECK(DEC(in, 0xf3, 0xa5) == ST_INVAL);             /* REP MOVS */
	CHECK(DEC(in, 0x2e, 0x8b, 0x07) == ST_INVAL);       /* segment override */
	CHECK(DEC(in, 0xc7, 0x0f, 1, 0, 0, 0) == ST_INVAL); /* C7 /1 */
	CHECK(DEC(in, 0x48, 0x48, 0x8b, 0x07) == ST_INVAL); /* two REX */
	CHECK(DEC(in, 0x48, 0x66, 0x8b, 0x07) == ST_INVAL); /* REX not last */
	CHECK(in.len == 77); /* nothing written on failure */
}

static void test_truncated(void)
{
	struct mmio_insn in;
	uint8_t prefixes[16];

	CHECK(dec(NULL, 0, &in) == ST_RANGE);
	CHECK(DEC(in, 0x8b) == ST_RANGE);
	CHECK(DEC(in, 0x0f) == ST_RANGE);
	CHECK(DEC(in, 0x48) == ST_RANGE);
	CHECK(DEC(in, 0x8b, 0x87, 0x00) == ST_RANGE);
	CHECK(DEC(in, 0x8b, 0x04) == ST_RANGE);
	CHECK(DEC(in, 0xc7, 0x07, 1, 0) == ST_RANGE);
	for (size_t i = 0; i < sizeof(prefixes); i++)
		prefixes[i] = 0x66;
	prefixes[15] = 0x8b; /* 15 prefixes and no room for the rest */
	CHECK(dec(prefixes, sizeof(prefixes), &in) == ST_RANGE);
}

static void test_load_results(void)
{
	struct mmio_insn in;
	const uint64_t old = 0x1111111111111111ull;

	CHECK(DEC(in, 0x8b, 0x07) == ST_OK && insn_load_result(&in, old, 0x12345678) == 0x12345678);
	CHECK(DEC(in, 0x8a, 0x07) == ST_OK && insn_load_result(&in, old, 0x1ab) == 0x11111111111111abull);
	CHECK(DEC(in, 0x66, 0x8b, 0x07) == ST_OK &&
	      insn_load_result(&in, old, 0xbeef) == 0x111111111111beefull);
	CHECK(DEC(in, 0x0f, 0xb6, 0x07) == ST_OK && insn_load_result(&in, old, 0x2ab) == 0xab);
	CHECK(DEC(in, 0x66, 0x0f, 0xb6, 0x07) == ST_OK &&
	      insn_load_result(&in, old, 0xab) == 0x11111111111100abull);
	CHECK(DEC(in, 0x48, 0x8b, 0x07) == ST_OK && insn_load_result(&in, old, ~0ull) == ~0ull);
	CHECK(DEC(in, 0x89, 0x37) == ST_OK && insn_store_value(&in, 0xaabbccdd11223344ull) == 0x11223344);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{"Linux's MMIO accessors decode", test_linux_accessors},
		{"every addressing mode's length", test_addressing},
		{"AH-BH without REX, SIL with it", test_byte_registers},
		{"immediate stores, sign-extended", test_immediates},
		{"undecodable instructions refused", test_undecodable},
		{"truncated instructions refused", test_truncated},
		{"loads merge into the register as the CPU does", test_load_results},
	};
	return CHECK_RUN("insn", tests);
}
