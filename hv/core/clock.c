/* Milliseconds from the TSC (see clock.h). */
#include "hv/core/clock.h"

#include <stdbool.h>

#include "hv/arch/x86/cpu.h"
#include "hv/core/console.h"
#include "hv/dev/pit.h"

/* The measured rate is rounded to this: a measurement's error depends on
 * where in a PIT period it starts, which moves with everything the boot
 * did before (under Bochs, the swap disk's seek times, which depend on its
 * size): 10000200 Hz after one boot, 9999000 Hz after another. Rounded,
 * the same ips gives the same clock; on real hardware the TSC runs at
 * GHz, and 100 kHz is far below what a run can tell. */
#define TSC_HZ_STEP 100000ull

static uint64_t tsc_hz, tsc_start;
static uint64_t hidden; /* cycles the run's clock does not count */
static bool started;

void clock_measure(void)
{
	uint64_t measured;

	measured = pit_measure_tsc_hz();
	tsc_hz = (measured + TSC_HZ_STEP / 2) / TSC_HZ_STEP * TSC_HZ_STEP;
	if (!tsc_hz)
		panic("the TSC does not advance (%lu Hz measured)", measured);
}

void clock_init(void)
{
	/* The run's time starts after the measurement, whose length depends
	 * on the PIT's phase too, and after the set-up (the swap disk's
	 * format takes a time that depends on its size). */
	tsc_start = rdtsc();
	started = true;
	printk("ballast: clock: TSC at %lu Hz\n", tsc_hz);
}

uint64_t clock_cycles(void)
{
	return rdtsc() - tsc_start - hidden;
}

void clock_charge(uint64_t start, uint64_t cost)
{
	if (!started)
		return; /* before clock_init the run has no time yet */
	while (clock_cycles() - start < cost)
		;
	/* Measured once more after the wait, so that the instructions from
	 * here on are the same whether it waited or not. */
	hidden += clock_cycles() - start - cost;
}

uint64_t clock_tsc_offset(void)
{
	return 0 - tsc_start - hidden; /* modulo 2^64, as the CPU adds it */
}

void clock_skip_to(uint64_t cycle)
{
	uint64_t now = clock_cycles();

	if (cycle > now)
		hidden -= cycle - now; /* modulo 2^64, as clock_cycles reads it */
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
