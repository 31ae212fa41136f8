/*
 * The local APIC timer in one-shot mode, through the xAPIC registers at
 * the address IA32_APIC_BASE gives (uncached in the boot identity map).
 * Its rate is measured once against the TSC, so that a slice in TSC
 * cycles becomes a count. The handler (lapic_timer_entry.S) counts the
 * interrupt and writes EOI; the spurious vector needs no EOI.
 */
#include "hv/arch/x86/lapic_timer.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/mmio.h"
#include "hv/arch/x86/trap.h"
#include "hv/lib/printk.h"

#define MSR_IA32_APIC_BASE 0x1bu
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ull
#define CPUID_1_EDX_APIC (1u << 9)

/* Register offsets (SDM table 11-1). */
#define APIC_TPR 0x080u
#define APIC_EOI 0x0b0u
#define APIC_SVR 0x0f0u
#define APIC_LVT_TIMER 0x320u
#define APIC_TIMER_INITIAL 0x380u
#define APIC_TIMER_CURRENT 0x390u
#define APIC_TIMER_DIVIDE 0x3e0u

#define APIC_SVR_ENABLE (1u << 8)
#define APIC_SPURIOUS_VECTOR 0xffu
#define APIC_LVT_MASKED (1u << 16)
#define APIC_DIVIDE_BY_1 0xbu

/* The measurement's length: 2^20 TSC cycles, 0.1 s at Bochs's 10 MHz. */
#define CALIBRATE_SHIFT 20

extern char lapic_timer_entry[], lapic_spurious_entry[];

volatile uint32_t *lapic_eoi_reg; /* lapic_timer_entry.S writes it */
volatile uint64_t lapic_timer_count;

static uintptr_t apic_base;
static uint64_t ticks_per_2_20; /* timer ticks per 2^20 TSC cycles */

static volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)(apic_base + off);
}

static void measure_rate(void)
{
	uint64_t start;

	*reg(APIC_LVT_TIMER) = APIC_LVT_MASKED | LAPIC_TIMER_VECTOR;
	*reg(APIC_TIMER_INITIAL) = 0xffffffffu;
	start = rdtsc();
	while (rdtsc() - start < (1ull << CALIBRATE_SHIFT))
		;
	ticks_per_2_20 = 0xffffffffu - *reg(APIC_TIMER_CURRENT);
	*reg(APIC_TIMER_INITIAL) = 0;
}

int lapic_timer_init(void)
{
	uint64_t base;

	if (!(cpuid(1, 0).edx & CPUID_1_EDX_APIC)) {
		printk("ballast: this CPU has no local APIC, which the SVM back end times slices with\n");
		return ST_INVAL;
	}
	base = rdmsr(MSR_IA32_APIC_BASE);
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE);
	apic_base = (uintptr_t)(base & APIC_BASE_ADDR_MASK);
	if (mmio_map_uncached(apic_base, 4096) != ST_OK) {
		printk("ballast: the local APIC at 0x%lx is outside the identity map\n",
		       (uint64_t)apic_base);
		return ST_INVAL;
	}
	lapic_eoi_reg = reg(APIC_EOI);
	idt_set_interrupt(LAPIC_TIMER_VECTOR, (uint64_t)(uintptr_t)lapic_timer_entry);
	idt_set_interrupt(APIC_SPURIOUS_VECTOR,
			  (uint64_t)(uintptr_t)lapic_spurious_entry);
	*reg(APIC_TPR) = 0;
	*reg(APIC_SVR) = APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR;
	*reg(APIC_TIMER_DIVIDE) = APIC_DIVIDE_BY_1;
	measure_rate();
	if (!ticks_per_2_20) {
		printk("ballast: the local APIC timer does not count\n");
		return ST_INVAL;
	}
	*reg(APIC_LVT_TIMER) = LAPIC_TIMER_VECTOR;
	return ST_OK;
}

void lapic_timer_arm(uint64_t tsc_cycles)
{
	uint64_t ticks = (tsc_cycles * ticks_per_2_20) >> CALIBRATE_SHIFT;

	if (ticks == 0)
		ticks = 1;
	*reg(APIC_TIMER_INITIAL) = ticks > 0xffffffffull ? 0xffffffffu
							 : (uint32_t)ticks;
}

void lapic_timer_disarm(void)
{
	*reg(APIC_TIMER_INITIAL) = 0;
	__asm__ volatile("sti; nop; cli" : : : "memory");
}

uint64_t lapic_timer_fired(void)
{
	return lapic_timer_count;
}
