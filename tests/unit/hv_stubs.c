/*
 * What the host-built core needs of the hypervisor's console, clock, vCPU
 * and trace port: a quiet console, a clock that does not move, a vCPU that
 * records the interrupts it was given, a trace captured in memory.
 */
#include "tests/unit/hv_stubs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/arch/x86/virt.h"
#include "hv/arch/x86/vmx/ept.h"
#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/trace.h"

struct stub_log stub_log;

void printk(const char *fmt, ...)
{
	(void)fmt;
}

_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "panic at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

uint64_t clock_cycles(void)
{
	return 0;
}

/* The host world has no time to charge: swap I/O is instant there. */
void clock_charge(uint64_t start, uint64_t cost)
{
	(void)start;
	(void)cost;
}

uint64_t clock_hz(void)
{
	return 1000000000;
}

bool virt_tracks_accessed(void)
{
	return true;
}

/* The host tests build EPT tables in memory. */
const struct stage2_ops *virt_stage2(void)
{
	return &ept_stage2_ops;
}

int vcpu_init(struct vcpu *v, const struct vcpu_start *start, mfn_t vmcs)
{
	(void)v;
	(void)start;
	(void)vmcs;
	return ST_OK;
}

void vcpu_inject_interrupt(struct vcpu *v, uint8_t vector)
{
	(void)v;
	stub_log.interrupts++;
	stub_log.last_vector = vector;
}

void vcpu_flush_mappings(struct vcpu *v)
{
	(void)v;
	stub_log.flushes++;
}

void vcpu_dump(struct vcpu *v)
{
	(void)v;
}

/* No VMCS to clear on the host. */
void vcpu_release(struct vcpu *v)
{
	(void)v;
}

void trace_append(const char *s, size_t n)
{
	if (stub_log.trace_len + n + 1 > sizeof(stub_log.trace))
		abort();
	memcpy(stub_log.trace + stub_log.trace_len, s, n);
	stub_log.trace_len += n;
	stub_log.trace[stub_log.trace_len] = '\0';
}
