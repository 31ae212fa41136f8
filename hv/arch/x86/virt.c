/*
 * The back end picked at boot: the first whose extension CPUID reports
 * (VMX on Intel, SVM on AMD: a CPU has one or the other), and the vcpu_*
 * calls of virt.h sent to it.
 */
#include "hv/arch/x86/virt_ops.h"

#include <stddef.h>

#include "hv/arch/x86/fpu.h"
#include "hv/arch/x86/vcpu_regs.h"

#include "hv/lib/printk.h"

_Static_assert(offsetof(struct vcpu_regs, rdi) == R_RDI &&
	       offsetof(struct vcpu_regs, rbp) == R_RBP &&
	       offsetof(struct vcpu_regs, r15) == R_R15,
	       "the entry stubs' offsets follow struct vcpu_regs");

static const struct virt_ops *const back_ends[] = { &vmx_virt_ops,
						    &svm_virt_ops };

#define NR_BACK_ENDS (sizeof(back_ends) / sizeof(back_ends[0]))

static const struct virt_ops *virt;

int virt_init(void)
{
	for (unsigned i = 0; i < NR_BACK_ENDS; i++) {
		if (!back_ends[i]->present())
			continue;
		virt = back_ends[i];
		fpu_setup();
		return virt->init();
	}
	for (unsigned i = 0; i < NR_BACK_ENDS; i++)
		printk("ballast: %s\n", back_ends[i]->missing);
	return ST_INVAL;
}

bool virt_tracks_accessed(void)
{
	return virt->tracks_accessed();
}

const char *virt_state_name(void)
{
	return virt->state_name;
}

uint32_t virt_guest_flags(void)
{
	return virt->guest_flags();
}

const struct stage2_ops *virt_stage2(void)
{
	return virt->stage2;
}

const char *virt_exit_name(enum exit_kind kind)
{
	return kind < EXIT_KINDS ? virt->exit_name(kind) : "other";
}

const char *vcpu_reason_name(uint32_t reason)
{
	return virt->reason_name(reason);
}

int vcpu_init(struct vcpu *v, const struct vcpu_start *start, mfn_t vmcs)
{
	int st = virt->vcpu_init(v, start, vmcs);

	fpu_init(&v->fpu);
	return st;
}

void vcpu_release(struct vcpu *v)
{
	fpu_forget(v);
	virt->vcpu_release(v);
}

void vcpu_run(struct vcpu *v, uint64_t slice_cycles, struct vm_exit *exit)
{
	fpu_switch_to(v);
	virt->vcpu_run(v, slice_cycles, exit);
}

void vcpu_skip_instruction(struct vcpu *v)
{
	virt->vcpu_skip_instruction(v);
}

void vcpu_inject_interrupt(struct vcpu *v, uint8_t vector)
{
	virt->vcpu_inject_interrupt(v, vector);
}

void vcpu_inject_exception(struct vcpu *v, uint8_t vector, bool has_error,
			   uint32_t error)
{
	virt->vcpu_inject_exception(v, vector, has_error, error);
}

int vcpu_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	return virt->vcpu_read_msr(v, msr, val);
}

int vcpu_write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	return virt->vcpu_write_msr(v, msr, val);
}

int vcpu_write_cr(struct vcpu *v, unsigned cr, uint64_t val)
{
	return virt->vcpu_write_cr(v, cr, val);
}

uint64_t vcpu_cr4(struct vcpu *v)
{
	return virt->vcpu_cr4(v);
}

bool vcpu_interrupt_pending(struct vcpu *v)
{
	return virt->vcpu_interrupt_pending(v);
}

bool vcpu_interrupts_enabled(struct vcpu *v)
{
	return virt->vcpu_interrupts_enabled(v);
}

void vcpu_flush_mappings(struct vcpu *v)
{
	virt->vcpu_flush_mappings(v);
}

void vcpu_dump(struct vcpu *v)
{
	virt->vcpu_dump(v);
}

void vcpu_advance(struct vcpu *v, unsigned len)
{
	virt->vcpu_advance(v, len);
}

void vcpu_paging(struct vcpu *v, struct guest_paging *pg)
{
	virt->vcpu_paging(v, pg);
}

uint64_t vcpu_rip(struct vcpu *v)
{
	return virt->vcpu_rip(v);
}

unsigned vcpu_cpl(struct vcpu *v)
{
	return virt->vcpu_cpl(v);
}
