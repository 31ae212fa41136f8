/*
 * The core's VM-exit dispatch. The back end decoded the exit; here we
 * decide what it means for the guest: map a page, answer a hypercall,
 * emulate CPUID or port I/O, end the slice, or stop the guest. Whatever a
 * guest does, only that guest can be stopped by it.
 */
#include "hv/core/exit.h"

#include "hv/arch/x86/cpuid.h"
#include "hv/core/console.h"
#include "hv/core/memctl.h"
#include "hv/core/swapper.h"

static const char *const access_names[] = {
	"no", "read", "write", "read/write", "execute", "read/execute",
	"write/execute", "read/write/execute",
};

static enum exit_action block(struct guest *g)
{
	guest_block(g);
	return EXIT_ACTION_YIELD;
}

static bool needs_new_page(const struct guest *g, gfn_t gfn)
{
	enum p2m_state s;

	if (gfn >= g->p2m.nr_gfns)
		return false;
	s = p2m_state_of(&g->p2m, gfn);
	return s == P2M_UNTOUCHED || s == P2M_SWAPPED;
}

static enum exit_action handle_mem_fault(struct guest *g,
					 const struct vm_exit *e)
{
	gfn_t gfn = e->gpa >> PAGE_SHIFT;
	int st;

	if (needs_new_page(g, gfn) && memctl_must_block(g))
		return block(g);
	if (gfn < g->p2m.nr_gfns && p2m_state_of(&g->p2m, gfn) == P2M_SWAPPED)
		return handle_swap_in(g, gfn);
	if (needs_new_page(g, gfn) && swapper_reserve(g) != ST_OK)
		return block(g);
	st = p2m_fault(&g->p2m, e->gpa);
	if (st == ST_OK) {
		swapper_mapped(g, gfn);
		return EXIT_ACTION_RESUME;
	}
	if (st == ST_NOMEM)
		return block(g);
	if (st == ST_RANGE)
		guest_stop(g, "%s access to 0x%lx, outside its %lu MiB of memory",
			   access_names[e->access & 7], e->gpa,
			   g->memory_bytes >> 20);
	else if (st == ST_DENIED)
		guest_stop(g, "%s access to page 0x%lx, which it gave to the balloon (it broke its promise)",
			   access_names[e->access & 7], e->gpa >> PAGE_SHIFT);
	else
		guest_stop(g, "EPT violation at mapped page 0x%lx (qualification 0x%lx)",
			   e->gpa, e->qualification);
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
	cpuid_emulate(&g->vcpu.regs);
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

enum exit_action handle_exit(struct guest *g, const struct vm_exit *e)
{
	g->exits[e->kind < EXIT_KINDS ? e->kind : EXIT_UNHANDLED]++;
	switch (e->kind) {
	case EXIT_HYPERCALL:
		return handle_hypercall(g);
	case EXIT_MEM_FAULT:
		return handle_mem_fault(g, e);
	case EXIT_IO:
		return handle_io(g, e);
	case EXIT_CPUID:
		return handle_cpuid(g);
	case EXIT_HALT:
		/* Nothing can wake a guest stub: halting just ends its slice. */
		vcpu_skip_instruction(&g->vcpu);
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
