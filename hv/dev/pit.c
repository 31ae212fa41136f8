/*
 * Measures the TSC's rate against the PIT, whose input clock is the same
 * 1.193182 MHz on every PC and every emulator. Channel 2 is used because
 * its gate and output are readable through port 0x61 without interrupts.
 * Under Bochs with clock sync=none both advance with emulated instructions,
 * so the result (the emulated CPU's ips) is the same on every run.
 */
#include "hv/dev/pit.h"

#include "hv/arch/x86/cpu.h"

#define PIT_INPUT_HZ 1193182ull
#define PIT_CH2_DATA 0x42
#define PIT_COMMAND 0x43
#define PIT_CH2_LOHI_MODE0 0xb0 /* channel 2, low then high byte, mode 0 */
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
#define MEASURE_DIVISOR 100 /* 1/100 s */

uint64_t pit_measure_tsc_hz(void)
{
	uint16_t count = (uint16_t)(PIT_INPUT_HZ / MEASURE_DIVISOR);
	uint8_t b = inb(PORT_B) & ~(PORT_B_SPEAKER | PORT_B_GATE2);
	uint64_t start;

	outb(PORT_B, b);
	outb(PIT_COMMAND, PIT_CH2_LOHI_MODE0);
	outb(PIT_CH2_DATA, (uint8_t)count);
	outb(PIT_CH2_DATA, (uint8_t)(count >> 8));
	outb(PORT_B, b | PORT_B_GATE2); /* a rising gate starts the count */
	start = rdtsc();
	while (!(inb(PORT_B) & PORT_B_OUT2))
		;
	return (rdtsc() - start) * MEASURE_DIVISOR;
}
