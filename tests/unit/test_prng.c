/*
 * The PRNG against its published reference outputs, and bounded choice
 * against a chi-square test of uniformity.
 */
#include "hv/mm/prng.h"
#include "tests/unit/check.h"

#include <stdio.h>

/* rand_xoshiro's "reference" test: xoshiro256** from state {1, 2, 3, 4}. */
static void test_xoshiro_reference(void)
{
	static const uint64_t want[] = {
		11520u, 0u, 1509978240u, 1215971899390074240u,
		1216172134540287360u, 607988272756665600u,
		16172922978634559625u, 8476171486693032832u,
		10595114339597558777u, 2904607092377533576u,
	};
	struct prng r = { { 1, 2, 3, 4 } };

	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(prng_next(&r) == want[i]);
}

/* SplitMix64's published outputs for seeds 1234567 and 0. */
static void test_splitmix_reference(void)
{
	static const uint64_t want[] = {
		6457827717110365317u, 3203168211198807973u,
		9817491932198370423u, 4593380528125082431u,
		16408922859458223821u,
	};
	uint64_t s = 1234567;

	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(splitmix64(&s) == want[i]);
	s = 0;
	CHECK(splitmix64(&s) == 0xe220a8397b1dcdafu);
	CHECK(splitmix64(&s) == 0x6e789e6aa1b965f4u);
}

static void test_seed_is_splitmix(void)
{
	struct prng r;
	uint64_t s = 42;

	prng_seed(&r, 42);
	for (int i = 0; i < 4; i++)
		CHECK(r.s[i] == splitmix64(&s));
}

static void test_same_seed_same_sequence(void)
{
	struct prng a, b;
	bool same = true;

	prng_seed(&a, 7);
	prng_seed(&b, 7);
	for (int i = 0; i < 1000; i++)
		same &= prng_next(&a) == prng_next(&b);
	CHECK(same);
	prng_seed(&b, 8);
	CHECK(prng_next(&a) != prng_next(&b));
}

static void test_below_range(void)
{
	struct prng r;
	bool in_range = true;

	prng_seed(&r, 1);
	for (int i = 0; i < 10000; i++) {
		in_range &= prng_below(&r, 1) == 0;
		in_range &= prng_below(&r, 3) < 3;
		in_range &= prng_below(&r, UINT64_MAX) < UINT64_MAX;
		in_range &= prng_below(&r, (1ull << 63) + 1) <= 1ull << 63;
	}
	CHECK(in_range);
}

/*
 * 17 bins (not a power of two, where a biased reduction would show),
 * 170000 draws: chi-square with 16 degrees of freedom stays under 39.25
 * (p = 0.001) for a uniform choice.
 */
static void test_below_chi_square(void)
{
	enum { BINS = 17, PER_BIN = 10000 };
	unsigned count[BINS] = { 0 };
	struct prng r;
	double chi = 0;

	prng_seed(&r, 2024);
	for (int i = 0; i < BINS * PER_BIN; i++)
		count[prng_below(&r, BINS)]++;
	for (int b = 0; b < BINS; b++) {
		double d = (double)count[b] - PER_BIN;

		chi += d * d / PER_BIN;
	}
	printf("#   chi-square %.2f over %d bins\n", chi, BINS);
	CHECK(chi < 39.25);
}

static const struct unit_test tests[] = {
	{ "xoshiro256** matches the reference outputs", test_xoshiro_reference },
	{ "splitmix64 matches the reference outputs", test_splitmix_reference },
	{ "prng_seed fills the state with splitmix64", test_seed_is_splitmix },
	{ "same seed, same sequence", test_same_seed_same_sequence },
	{ "prng_below stays in range", test_below_range },
	{ "prng_below is uniform (chi-square)", test_below_chi_square },
};

int main(void)
{
	return CHECK_RUN("prng", tests);
}
