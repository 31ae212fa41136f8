/* Milliseconds from the TSC (see clock.h). */
#include "hv/core/clock.h"

#include "hv/arch/x86/cpu.h"
#include "hv/core/console.h"
#include "hv/dev/pit.h"

/*
 * The measured rate is rounded to 10 kHz: a measurement against the PIT
 * moves by some hundred Hz with the PIT's phase at the hypervisor's entry,
 * which the boot path shifts (the loader, the length of the scenario's
 * name). Unrounded, every tick's length in cycles and so the whole run
 * would depend on where it was booted from; 10 kHz is 0.1 % of the
 * emulator's rate and a thousandth of that of a real TSC.
 */
#define TSC_HZ_STEP 10000

static uint64_t tsc_hz, tsc_start;

void clock_init(void)
{
	tsc_start = rdtsc();
	tsc_hz = (pit_measure_tsc_hz() + TSC_HZ_STEP / 2) / TSC_HZ_STEP * TSC_HZ_STEP;
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
