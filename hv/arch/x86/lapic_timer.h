/*
 * The local APIC's timer (Intel SDM vol. 3A, 11.5.4; AMD APM vol. 2,
 * 16.4.1) as a one-shot slice timer for back ends without a preemption
 * timer (SVM): armed before each guest entry, it raises an interrupt that
 * the back end intercepts, and that the host then takes and acknowledges.
 */
#ifndef HV_ARCH_X86_LAPIC_TIMER_H
#define HV_ARCH_X86_LAPIC_TIMER_H

#include <stdint.h>

/* The vector the timer raises. */
#define LAPIC_TIMER_VECTOR 0xf0u

/* Enables the local APIC, installs the vector's handler and measures the
 * timer's rate against the TSC. ST_INVAL when there is no local APIC. */
int lapic_timer_init(void);
/* Starts a one-shot countdown of about tsc_cycles TSC cycles. */
void lapic_timer_arm(uint64_t tsc_cycles);
/* Stops the countdown and takes an interrupt it raised, if one waits:
 * interrupts are on for one instruction. Called with GIF set. */
void lapic_timer_disarm(void);
/* Interrupts the timer raised so far. */
uint64_t lapic_timer_fired(void);

#endif
