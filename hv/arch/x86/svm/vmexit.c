/*
 * Running a vCPU under SVM: arm the slice timer, inject pending events,
 * VMRUN, and decode the #VMEXIT into the arch-neutral struct vm_exit
 * (hv/arch/x86/virt.h). Without NRIPS the next RIP comes from the known
 * length of the intercepted instruction, or from EXITINFO2 for IOIO
 * (APM 15.10.2). Also the guest-state dump printed when a guest stops.
 */
#include "hv/arch/x86/svm/svm_internal.h"

#include "hv/arch/x86/lapic_timer.h"
#include "hv/lib/printk.h"

static void decode_npf(struct vm_exit *e, const struct vmcb_control *c)
{
	e->kind = EXIT_MEM_FAULT;
	e->gpa = c->exitinfo2;
	if (c->exitinfo1 & NPF_ID)
		e->access = MEM_ACCESS_EXEC;
	else if (c->exitinfo1 & NPF_RW)
		e->access = MEM_ACCESS_WRITE;
	else
		e->access = MEM_ACCESS_READ;
}

static void decode_ioio(struct vm_exit *e, const struct vmcb_control *c)
{
	uint64_t info = c->exitinfo1;

	e->kind = EXIT_IO;
	e->io_size = (info & IOIO_SZ32) ? 4 : (info & IOIO_SZ16) ? 2 : 1;
	e->io_in = (info & IOIO_TYPE_IN) != 0;
	e->io_string = (info & IOIO_STR) != 0;
	e->port = (uint16_t)((info >> IOIO_PORT_SHIFT) & IOIO_PORT_MASK);
}

/* The exit's kind, and the length of the instruction to skip after it
 * (0: none the core skips). */
static unsigned decode_kind(struct vm_exit *e, const struct vmcb_control *c)
{
	switch (e->reason) {
	case SVM_EXIT_VMMCALL:
		e->kind = EXIT_HYPERCALL;
		return SVM_VMMCALL_LEN;
	case SVM_EXIT_CPUID:
		e->kind = EXIT_CPUID;
		return SVM_CPUID_LEN;
	case SVM_EXIT_HLT:
		e->kind = EXIT_HALT;
		return SVM_HLT_LEN;
	case SVM_EXIT_MSR:
		e->kind = c->exitinfo1 == MSR_EXITINFO1_WRITE ? EXIT_MSR_WRITE
							       : EXIT_MSR_READ;
		return SVM_MSR_LEN;
	case SVM_EXIT_XSETBV:
		e->kind = EXIT_XSETBV;
		return SVM_XSETBV_LEN;
	case SVM_EXIT_NPF:
		decode_npf(e, c);
		return 0;
	case SVM_EXIT_IOIO:
		decode_ioio(e, c);
		return 0;
	case SVM_EXIT_INTR:
		e->kind = EXIT_TIMER;
		return 0;
	case SVM_EXIT_VINTR:
		e->kind = EXIT_INTR_WINDOW;
		return 0;
	case SVM_EXIT_SHUTDOWN:
		e->kind = EXIT_SHUTDOWN;
		return 0;
	default:
		e->kind = EXIT_UNHANDLED;
		return 0;
	}
}

static void decode_exit(struct vcpu *v, struct vm_exit *e)
{
	struct svm_vcpu *s = svm_of(v);
	const struct vmcb_control *c = &s->vmcb->control;
	unsigned len;

	e->reason = (uint32_t)c->exitcode;
	e->qualification = c->exitinfo1;
	if ((uint32_t)c->exitcode == SVM_EXIT_INVALID_LOW32) {
		e->kind = EXIT_FAILED_ENTRY;
		return;
	}
	len = decode_kind(e, c);
	if (e->kind == EXIT_IO)
		s->next_rip = c->exitinfo2;
	else if (svm_caps.nrips && c->nrip)
		s->next_rip = c->nrip;
	else
		s->next_rip = s->vmcb->save.rip + len;
}

void svm_vcpu_run(struct vcpu *v, uint64_t slice_cycles, struct vm_exit *e)
{
	struct svm_vcpu *s = svm_of(v);

	svm_deliver_events(v);
	asid_before_vmrun(v);
	s->vmcb->save.rax = v->regs.rax;
	s->vmcb->control.tsc_offset = v->tsc_offset;
	lapic_timer_arm(slice_cycles);
	svm_enter(&v->regs, (uint64_t)(uintptr_t)s->vmcb, svm_host_save_pa);
	lapic_timer_disarm();
	v->regs.rax = s->vmcb->save.rax;
	s->vmcb->control.eventinj = 0;
	decode_exit(v, e);
	if (e->kind == EXIT_INTR_WINDOW)
		svm_close_window(v);
	if (e->kind != EXIT_FAILED_ENTRY)
		svm_save_exitintinfo(v);
}

/* The instruction's interrupt shadow (after STI or MOV SS) ends. */
static void set_rip(struct vmcb *vmcb, uint64_t rip)
{
	vmcb->save.rip = rip;
	vmcb->control.interrupt_shadow &= ~INTERRUPT_SHADOW;
}

void svm_skip_instruction(struct vcpu *v)
{
	set_rip(svm_of(v)->vmcb, svm_of(v)->next_rip);
}

void svm_advance(struct vcpu *v, unsigned len)
{
	struct vmcb *vmcb = svm_of(v)->vmcb;

	set_rip(vmcb, vmcb->save.rip + len);
}

/* The VMCB holds the guest's EFER itself (APM 15.5.1), LMA included. */
void svm_paging(struct vcpu *v, struct guest_paging *pg)
{
	const struct vmcb_save *s = &svm_of(v)->vmcb->save;

	pg->cr0 = s->cr0;
	pg->cr3 = s->cr3;
	pg->cr4 = s->cr4;
	pg->efer = s->efer;
}

uint64_t svm_rip(struct vcpu *v)
{
	return svm_of(v)->vmcb->save.rip;
}

/* The VMCB keeps the CPL itself (APM 15.5.1: VMRUN loads it from there,
 * not from CS or SS). */
unsigned svm_cpl(struct vcpu *v)
{
	return svm_of(v)->vmcb->save.cpl;
}

void svm_flush_mappings(struct vcpu *v)
{
	svm_of(v)->flush = true;
}

void svm_dump(struct vcpu *v)
{
	const struct vmcb_save *s = &svm_of(v)->vmcb->save;
	const struct vcpu_regs *r = &v->regs;

	printk("  rip %016lx  rsp %016lx  rflags %016lx\n", s->rip, s->rsp,
	       s->rflags);
	printk("  cr0 %016lx  cr3 %016lx  cr4 %016lx  efer %016lx\n", s->cr0,
	       s->cr3, s->cr4, s->efer);
	printk("  cs %04x attr %03x  ss %04x attr %03x  tr %04x attr %03x  cpl %u\n",
	       s->cs.selector, s->cs.attrib, s->ss.selector, s->ss.attrib,
	       s->tr.selector, s->tr.attrib, s->cpl);
	printk("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n", r->rax,
	       r->rbx, r->rcx, r->rdx);
	printk("  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n", r->rsi,
	       r->rdi, r->rbp, r->r8);
}
