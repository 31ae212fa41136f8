/*
 * Unit tests of hv/lib/checksum.c against the published CRC-32 check
 * values, which zlib.crc32 gives too.
 */
#include "hv/lib/checksum.h"
#include "tests/unit/check.h"

#include <string.h>

static void test_check_value(void)
{
	CHECK(crc32("123456789", 9) == 0xcbf43926u);
}

static void test_empty(void)
{
	CHECK(crc32("", 0) == 0);
}

static void test_text(void)
{
	const char *s = "The quick brown fox jumps over the lazy dog";

	CHECK(crc32(s, strlen(s)) == 0x414fa339u);
}

/* One flipped bit anywhere changes the value: what catches a damaged module. */
static void test_bit_flip(void)
{
	unsigned char buf[4096];
	uint32_t good;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7);
	good = crc32(buf, sizeof(buf));
	buf[2049] ^= 0x10;
	CHECK(crc32(buf, sizeof(buf)) != good);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "crc32 check value of \"123456789\"", test_check_value },
		{ "crc32 of nothing is 0", test_empty },
		{ "crc32 of a sentence", test_text },
		{ "crc32 sees a flipped bit", test_bit_flip },
	};

	return CHECK_RUN("checksum", tests);
}
