/* Stubs of the hypervisor's console, clock, vCPU, trace port and the
 * memory controller's verdict for host tests of core code (hv_stubs.c),
 * what they recorded, and what the test sets them to answer. */
#ifndef TESTS_UNIT_HV_STUBS_H
#define TESTS_UNIT_HV_STUBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stub_log {
	uint64_t interrupts, flushes;
	uint8_t last_vector;
	uint64_t skips;             /* instructions skipped */
	uint64_t advanced;          /* bytes vcpu_advance moved RIP on */
	uint64_t exceptions;        /* vcpu_inject_exception calls */
	uint8_t last_exception;
	char trace[1 << 20];
	size_t trace_len;
	char console[1 << 16];      /* printk and console_write, kept till full */
	size_t console_len;
	/* answers */
	unsigned cpl;               /* vcpu_cpl */
	uint64_t rip;               /* vcpu_rip; paging is off (vcpu_paging) */
	bool must_block;            /* memctl_must_block */
	uint64_t cycles;            /* clock_cycles */
	uint64_t cr4;               /* vcpu_cr4 */
	bool interrupt_pending;     /* vcpu_interrupt_pending */
	bool interrupts_enabled;    /* vcpu_interrupts_enabled */
};

extern struct stub_log stub_log;

/* Whether the console has text, and forgetting what it had. */
bool stub_console_has(const char *text);
void stub_console_clear(void);

#endif
