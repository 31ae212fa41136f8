/*
 * What the host-built core needs of the hypervisor's console, clock, vCPU,
 * trace port and memory controller: a console captured in memory, a clock
 * that does not move, a vCPU that records the interrupts it was given and
 * the instructions it skipped, a trace captured in memory, and the policy's
 * low-state verdict as the test sets it.
 */
#include "tests/unit/hv_stubs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/arch/x86/fpu.h"
#include "hv/arch/x86/virt.h"
#include "hv/arch/x86/vmx/ept.h"
#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/memctl.h"
#include "hv/core/trace.h"

struct stub_log stub_log;

static void console_put(const char *s, size_t n)
{
	size_t room = sizeof(stub_log.console) - 1 - stub_log.console_len;

	n = n < room ? n : room;
	memcpy(stub_log.console + stub_log.console_len, s, n);
	stub_log.console_len += n;
	stub_log.console[stub_log.console_len] = '\0';
}

void printk(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		console_put(line, strlen(line));
}

void console_write(const char *s, unsigned long n)
{
	console_put(s, n);
}

bool stub_console_has(const char *text)
{
	return strstr(stub_log.console, text) != 0;
}

void stub_console_clear(void)
{
	stub_log.console_len = 0;
	stub_log.console[0] = '\0';
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
	return stub_log.cycles;
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

const char *virt_state_name(void)
{
	return "VMCS";
}

uint32_t virt_guest_flags(void)
{
	return 0;
}

/* The host tests build EPT tables in memory. */
const struct stage2_ops *virt_stage2(void)
{
	return &ept_format.ops;
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

void vcpu_inject_exception(struct vcpu *v, uint8_t vector, bool has_error,
			   uint32_t error)
{
	(void)v;
	(void)has_error;
	(void)error;
	stub_log.exceptions++;
	stub_log.last_exception = vector;
}

/* No back end holds an MSR: the core answers them all. */
int vcpu_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	(void)v;
	(void)msr;
	(void)val;
	return ST_NOENT;
}

int vcpu_write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	(void)v;
	(void)msr;
	(void)val;
	return ST_NOENT;
}

int vcpu_write_cr(struct vcpu *v, unsigned cr, uint64_t val)
{
	(void)v;
	(void)val;
	return cr == 0 || cr == 4 ? ST_OK : ST_INVAL;
}

uint64_t vcpu_cr4(struct vcpu *v)
{
	(void)v;
	return stub_log.cr4;
}

/* x87 and SSE, as on a CPU with XSAVE. */
uint64_t fpu_xcr0_supported(void)
{
	return 3;
}

bool vcpu_interrupt_pending(struct vcpu *v)
{
	(void)v;
	return stub_log.interrupt_pending;
}

bool vcpu_interrupts_enabled(struct vcpu *v)
{
	(void)v;
	return stub_log.interrupts_enabled;
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

void vcpu_skip_instruction(struct vcpu *v)
{
	(void)v;
	stub_log.skips++;
}

void vcpu_advance(struct vcpu *v, unsigned len)
{
	(void)v;
	stub_log.advanced += len;
}

void vcpu_paging(struct vcpu *v, struct guest_paging *pg)
{
	(void)v;
	*pg = (struct guest_paging){ .cr0 = 0 };
}

uint64_t vcpu_rip(struct vcpu *v)
{
	(void)v;
	return stub_log.rip;
}

unsigned vcpu_cpl(struct vcpu *v)
{
	(void)v;
	return stub_log.cpl;
}

const char *vcpu_reason_name(uint32_t reason)
{
	(void)reason;
	return "STUB";
}

bool memctl_must_block(const struct guest *g)
{
	(void)g;
	return stub_log.must_block;
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
