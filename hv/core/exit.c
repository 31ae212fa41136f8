/*
 * The core's VM-exit dispatch. The back end decoded the exit; here we
 * decide what it means for the guest: map a page, answer a hypercall,
 * emulate CPUID or port I/O, end the slice, or stop the guest. Whatever a
 * guest does, only that guest can be stopped by it.
 */
#include "hv/core/exit.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/cpuid.h"
#include "hv/arch/x86/fpu.h"
#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/guest_irq.h"
#include "hv/core/memctl.h"
#include "hv/core/mmio.h"
#include "hv/core/swapper.h"
#include "hv/mm/fault.h"

static const char *const access_names[] = {
	"no", "read", "write", "read/write", "execute", "read/execute",
	"write/execute", "read/write/execute",
};

/* Swap-ins of one page that may fail in a row before the guest is
 * stopped: a disk that fails as often will not give the page back. */
#define SWAP_IN_TRIES 3

static enum exit_action block(struct guest *g)
{
	guest_block(g);
	return EXIT_ACTION_YIELD;
}

/* A swap-in read the disk, failed or not: the guest waits in the disk
 * queue for it, off the CPU. */
static void wait_swap_in(struct guest *g, int st)
{
	if (st == ST_OK || st == ST_IO)
		guest_wait_disk(g, clock_cycles(), g->swap.io_done);
}

enum exit_action handle_swapped(struct guest *g, gfn_t gfn)
{
	int st = memctl_must_block(g) ? ST_NOMEM : swapper_swap_in(&g->swap, gfn);

	wait_swap_in(g, st);
	if (st == ST_OK) {
		g->read_failures = 0;
		return EXIT_ACTION_RESUME;
	}
	if (st == ST_NOMEM)
		return block(g);
	if (st != ST_IO)
		panic("guest %s: swap-in of page 0x%lx: %d", g->name, gfn, st);
	if (++g->read_failures < SWAP_IN_TRIES)
		return EXIT_ACTION_RESUME; /* the access faults again: retry */
	guest_stop(g, "swap-in of page 0x%lx failed %u times in a row", gfn,
		   SWAP_IN_TRIES);
	return EXIT_ACTION_ENDED;
}

/* A first touch: a zeroed page with room to note it as a victim, unless
 * the policy holds the guest or the machine has no page: then it waits. */
static enum exit_action map_demand(struct guest *g, const struct vm_exit *e)
{
	int st = ST_NOMEM;

	if (!memctl_must_block(g) && swapper_reserve(&g->swap) == ST_OK)
		st = p2m_fault(&g->p2m, e->gpa);
	if (st == ST_NOMEM)
		return block(g);
	if (st != ST_OK) {
		guest_stop(g, "page 0x%lx could not be mapped (status %d)",
			   e->gpa >> PAGE_SHIFT, st);
		return EXIT_ACTION_ENDED;
	}
	swapper_mapped(&g->swap, e->gpa >> PAGE_SHIFT);
	return EXIT_ACTION_RESUME;
}

static enum exit_action handle_mem_fault(struct guest *g,
					 const struct vm_exit *e)
{
	const char *access = access_names[e->access & 7];

	if (mmio_claims(g, e->gpa))
		return mmio_access(g, e);
	switch (fault_classify(&g->p2m, e->gpa)) {
	case FAULT_DEMAND:
		return map_demand(g, e);
	case FAULT_SWAPPED:
		return handle_swapped(g, e->gpa >> PAGE_SHIFT);
	case FAULT_OUTSIDE:
		guest_stop(g, "%s access to 0x%lx, outside its %lu MiB of memory",
			   access, e->gpa, g->memory_bytes >> 20);
		break;
	case FAULT_BALLOONED:
		guest_stop(g, "%s access to page 0x%lx, which it gave to the balloon (it broke its promise)",
			   access, e->gpa >> PAGE_SHIFT);
		break;
	default:
		guest_stop(g, "EPT violation at mapped page 0x%lx (qualification 0x%lx)",
			   e->gpa, e->qualification);
		break;
	}
	return EXIT_ACTION_ENDED;
}

/* The guest stub has no devices: OUT is dropped, IN reads all ones, as
 * from a port nothing decodes. String I/O is not emulated. A 4-byte IN
 * writes EAX, which clears the upper half of RAX as any 32-bit write does. */
static enum exit_action handle_io(struct guest *g, const struct vm_exit *e)
{
	uint64_t ones = (1ull << (8 * e->io_size)) - 1;

	if (e->io_string) {
		guest_stop(g, "string I/O on port 0x%x is not emulated", e->port);
		return EXIT_ACTION_ENDED;
	}
	if (e->io_in && e->io_size == 4)
		g->vcpu.regs.rax = ones;
	else if (e->io_in)
		g->vcpu.regs.rax = (g->vcpu.regs.rax & ~ones) | ones;
	vcpu_skip_instruction(&g->vcpu);
	return EXIT_ACTION_RESUME;
}

static enum exit_action handle_cpuid(struct guest *g)
{
	cpuid_emulate(&g->vcpu.regs, vcpu_cr4(&g->vcpu), clock_hz());
	vcpu_skip_instruction(&g->vcpu);
	return EXIT_ACTION_RESUME;
}

static enum exit_action stop(struct guest *g, const char *what,
			     const struct vm_exit *e)
{
	guest_stop(g, "%s (exit reason %u %s, qualification 0x%lx)", what,
		   e->reason, vcpu_reason_name(e->reason), e->qualification);
	return EXIT_ACTION_ENDED;
}

/* MOV to CR0/CR4 of a bit the back end owns: a value the CPU would
 * refuse in 64-bit mode is a #GP, as on the machine. */
static enum exit_action handle_cr_write(struct guest *g,
					const struct vm_exit *e)
{
	uint64_t *reg = vcpu_gpr(&g->vcpu.regs, e->gpr);

	if (!reg)
		return stop(g, "MOV to a control register from RSP is not emulated", e);
	if (vcpu_write_cr(&g->vcpu, e->cr, *reg) == ST_OK)
		vcpu_skip_instruction(&g->vcpu);
	else
		vcpu_inject_exception(&g->vcpu, VECTOR_GP, true, 0);
	return EXIT_ACTION_RESUME;
}

/* XSETBV: #UD without CR4.OSXSAVE; #GP for another XCR than XCR0 or a
 * value CPUID does not offer (leaf 0xd) or without x87 (SDM XSETBV). The
 * value is loaded before the guest next runs (fpu.c). */
static enum exit_action handle_xsetbv(struct guest *g)
{
	struct vcpu_regs *r = &g->vcpu.regs;
	uint64_t v = (uint32_t)r->rax | (r->rdx << 32);

	if (!(vcpu_cr4(&g->vcpu) & CR4_OSXSAVE)) {
		vcpu_inject_exception(&g->vcpu, VECTOR_UD, false, 0);
	} else if ((uint32_t)r->rcx != 0 || (v & ~fpu_xcr0_supported()) ||
		   !(v & XCR0_X87)) {
		vcpu_inject_exception(&g->vcpu, VECTOR_GP, true, 0);
	} else {
		g->vcpu.fpu.xcr0 = v;
		vcpu_skip_instruction(&g->vcpu);
	}
	return EXIT_ACTION_RESUME;
}

enum exit_action handle_exit(struct guest *g, const struct vm_exit *e)
{
	g->exits[e->kind < EXIT_KINDS ? e->kind : EXIT_UNHANDLED]++;
	switch (e->kind) {
	case EXIT_HYPERCALL:
		return handle_hypercall(g);
	case EXIT_MEM_FAULT:
		return handle_mem_fault(g, e);
	case EXIT_IO:
		if (!g->linux_boot)
			return handle_io(g, e);
		return guest_dev_io(g, e) ? EXIT_ACTION_ENDED : EXIT_ACTION_RESUME;
	case EXIT_MSR_READ:
	case EXIT_MSR_WRITE:
		/* A guest stub has no business with MSRs: it is stopped. */
		if (!g->linux_boot)
			return stop(g, "unhandled VM exit", e);
		guest_dev_msr(g, e->kind == EXIT_MSR_WRITE);
		return EXIT_ACTION_RESUME;
	case EXIT_CPUID:
		return handle_cpuid(g);
	case EXIT_CR_WRITE:
		return g->linux_boot ? handle_cr_write(g, e)
				     : stop(g, "unhandled VM exit", e);
	case EXIT_XSETBV:
		return g->linux_boot ? handle_xsetbv(g)
				     : stop(g, "unhandled VM exit", e);
	case EXIT_HALT:
		/* Nothing can wake a guest stub: halting just ends its slice.
		 * A kernel guest waits for its next interrupt (guest_irq.h). */
		vcpu_skip_instruction(&g->vcpu);
		if (g->linux_boot && !guest_irq_halt(g))
			return EXIT_ACTION_RESUME;
		return EXIT_ACTION_YIELD;
	case EXIT_TIMER:
		return EXIT_ACTION_YIELD;
	case EXIT_INTR_WINDOW:
		return EXIT_ACTION_RESUME;
	case EXIT_SHUTDOWN:
		return stop(g, "triple fault", e);
	case EXIT_FAILED_ENTRY:
		return stop(g, "VM entry failed", e);
	default:
		return stop(g, "unhandled VM exit", e);
	}
}
