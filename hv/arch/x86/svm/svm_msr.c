/*
 * An SVM guest's MSRs: all that a kernel guest keeps are fields of its
 * VMCB's save area (APM 15.5.1, table B-2), which VMRUN and VMLOAD load
 * (svm_entry.S): FS/GS bases, KERNEL_GS_BASE, the SYSCALL and SYSENTER
 * MSRs, and EFER, whose SVME VMRUN needs set and the guest reads clear.
 * The guest owns its CR0 and CR4 (no intercepts), and an exception the
 * core raises goes in through EVENTINJ (event.c).
 */
#include "hv/arch/x86/svm/svm_internal.h"

#include "hv/arch/x86/cpuid.h"
#include "hv/arch/x86/msr.h"

/* The save-area field of an MSR, and whether it holds an address. */
static uint64_t *field(struct vmcb_save *s, uint32_t msr, bool *address)
{
	*address = true;
	switch (msr) {
	case MSR_IA32_FS_BASE:
		return &s->fs.base;
	case MSR_IA32_GS_BASE:
		return &s->gs.base;
	case MSR_IA32_KERNEL_GS_BASE:
		return &s->kernel_gs_base;
	case MSR_IA32_LSTAR:
		return &s->lstar;
	case MSR_IA32_CSTAR:
		return &s->cstar;
	case MSR_IA32_SYSENTER_ESP:
		return &s->sysenter_esp;
	case MSR_IA32_SYSENTER_EIP:
		return &s->sysenter_eip;
	}
	*address = false;
	switch (msr) {
	case MSR_IA32_STAR:
		return &s->star;
	case MSR_IA32_FMASK:
		return &s->sfmask;
	case MSR_IA32_SYSENTER_CS:
		return &s->sysenter_cs;
	default:
		return NULL;
	}
}

int svm_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	struct vmcb_save *s = &svm_of(v)->vmcb->save;
	bool address;
	uint64_t *f = field(s, msr, &address);

	if (msr == MSR_IA32_EFER) {
		*val = s->efer & ~EFER_SVME;
		return ST_OK;
	}
	if (!f)
		return ST_NOENT;
	*val = *f;
	return ST_OK;
}

int svm_write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	struct vmcb_save *s = &svm_of(v)->vmcb->save;
	bool address;
	uint64_t *f = field(s, msr, &address);

	if (msr == MSR_IA32_EFER) {
		/* Long mode stays on: the guest never leaves it. */
		if ((val & ~cpuid_efer_writable()) || !(val & EFER_LME))
			return ST_INVAL;
		s->efer = val | EFER_LME | EFER_LMA | EFER_SVME;
		return ST_OK;
	}
	if (!f)
		return ST_NOENT;
	if (address ? !msr_canonical(val)
		    : msr == MSR_IA32_FMASK && val >> 32 != 0)
		return ST_INVAL;
	*f = msr == MSR_IA32_SYSENTER_CS ? (uint32_t)val : val;
	return ST_OK;
}

int svm_write_cr(struct vcpu *v, unsigned cr, uint64_t val)
{
	(void)v;
	(void)cr;
	(void)val;
	return ST_INVAL;
}

uint64_t svm_cr4(struct vcpu *v)
{
	return svm_of(v)->vmcb->save.cr4;
}

void svm_inject_exception(struct vcpu *v, uint8_t vector, bool has_error,
			  uint32_t error)
{
	svm_of(v)->exc_inject = vector | EVENT_TYPE_EXCEPTION | EVENT_VALID |
				(has_error ? EVENT_EV | (uint64_t)error << EVENT_ERRORCODE_SHIFT
					   : 0);
}
