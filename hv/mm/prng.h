/*
 * The seeded pseudo-random generator of the memory manager: xoshiro256**
 * (Blackman and Vigna, 2018), seeded through SplitMix64 as its authors
 * advise, plus a uniform choice in [0, n) without modulo bias (Lemire,
 * "Fast random integer generation in an interval", 2019). The same seed
 * gives the same sequence everywhere: hypervisor, simulator and tests.
 */
#ifndef HV_MM_PRNG_H
#define HV_MM_PRNG_H

#include "hv/lib/types.h"

struct prng {
	uint64_t s[4];
};

/* One SplitMix64 step: advances *state and returns the next output. */
uint64_t splitmix64(uint64_t *state);

/* Fills the state from seed with SplitMix64 (never all zero). */
void prng_seed(struct prng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t prng_next(struct prng *r);

/* A uniform integer in [0, n); n must be at least 1. */
uint64_t prng_below(struct prng *r, uint64_t n);

#endif
