/* Milliseconds from the TSC (see clock.h). */
#include "hv/core/clock.h"

#include "hv/arch/x86/cpu.h"
#include "hv/core/console.h"
#include "hv/dev/pit.h"

static uint64_t tsc_hz, tsc_start;

void clock_init(void)
{
	tsc_start = rdtsc();
	tsc_hz = pit_measure_tsc_hz();
	if (!tsc_hz)
		panic("the TSC does not advance");
	printk("ballast: clock: TSC at %lu Hz\n", tsc_hz);
}

uint64_t clock_cycles(void)
{
	return rdtsc() - tsc_start;
}

uint64_t clock_ms(void)
{
	return clock_cycles() / (tsc_hz / 1000);
}

uint64_t clock_ms_to_cycles(uint64_t ms)
{
	return ms * (tsc_hz / 1000);
}

uint64_t clock_hz(void)
{
	return tsc_hz;
}
