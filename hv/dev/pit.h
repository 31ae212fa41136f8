/* The 8254 programmable interval timer, used once: to measure the TSC. */
#ifndef HV_DEV_PIT_H
#define HV_DEV_PIT_H

#include <stdint.h>

/* TSC ticks per second, measured over 10 ms of PIT channel 2. */
uint64_t pit_measure_tsc_hz(void);

#endif
