/*
 * The hypervisor's clock: milliseconds since boot from the TSC, whose rate
 * is measured once. Under Bochs it is emulated time, so ticks, the trace
 * and every figure are the same on every run and every machine.
 */
#ifndef HV_CORE_CLOCK_H
#define HV_CORE_CLOCK_H

#include <stdint.h>

void clock_init(void);
uint64_t clock_ms(void);
uint64_t clock_cycles(void);
/* Cycles in ms milliseconds. */
uint64_t clock_ms_to_cycles(uint64_t ms);
uint64_t clock_hz(void);

#endif
