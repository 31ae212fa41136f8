/*
 * The hypervisor's clock: milliseconds since boot from the TSC, whose rate
 * is measured once and rounded to 100 kHz. Under Bochs it is emulated
 * time, so ticks, the trace and every figure are the same on every run
 * and every machine, whatever came before the measurement.
 */
#ifndef HV_CORE_CLOCK_H
#define HV_CORE_CLOCK_H

#include <stdint.h>

/* clock_measure finds the TSC's rate (clock_hz), early, for the drivers'
 * timeouts; clock_init starts the run's clock, after the set-up. */
void clock_measure(void);
void clock_init(void);
uint64_t clock_ms(void);
/* Cycles of the run's clock since clock_init: the TSC's, less what
 * clock_charge hid. */
uint64_t clock_cycles(void);
/* Makes what was done since start (clock_cycles) cost exactly cost on the
 * run's clock: it waits if that took less, and hides the rest if more. For
 * swap I/O, whose time under Bochs depends on the disk's size (its seek
 * model), so that the run's timing, and the trace, do not. */
void clock_charge(uint64_t start, uint64_t cost);
/* Nothing runs until cycle (every guest waits for the disk): the run's
 * clock moves there at once rather than spin, the same on every run. */
void clock_skip_to(uint64_t cycle);
/* What to add to the TSC to read clock_cycles: the guests' TSC offset. */
uint64_t clock_tsc_offset(void);
/* Cycles in ms milliseconds. */
uint64_t clock_ms_to_cycles(uint64_t ms);
uint64_t clock_hz(void);

#endif
