/*
 * xoshiro256** and SplitMix64, transcribed from the public-domain reference
 * code, and bounded choice by multiply-and-reject. Owns nothing else.
 */
#include "hv/mm/prng.h"

__extension__ typedef unsigned __int128 u128;

uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void prng_seed(struct prng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t prng_next(struct prng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/*
 * x * n / 2^64 maps 64 random bits onto [0, n). The low half of the product
 * tells when x fell in one of the 2^64 mod n values that would make some
 * results more likely; those draws are rejected. The division runs only
 * when a draw is near that edge, so almost never for small n.
 */
uint64_t prng_below(struct prng *r, uint64_t n)
{
	u128 m = (u128)prng_next(r) * n;
	uint64_t low = (uint64_t)m;

	if (low < n) {
		uint64_t reject = -n % n;

		while (low < reject) {
			m = (u128)prng_next(r) * n;
			low = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}
