/* Stubs of the hypervisor's console, clock, vCPU and trace port for host
 * tests of core code (hv_stubs.c), and what they recorded. */
#ifndef TESTS_UNIT_HV_STUBS_H
#define TESTS_UNIT_HV_STUBS_H

#include <stddef.h>
#include <stdint.h>

struct stub_log {
	uint64_t interrupts, flushes;
	uint8_t last_vector;
	char trace[1 << 20];
	size_t trace_len;
};

extern struct stub_log stub_log;

#endif
