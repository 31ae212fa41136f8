/* What the VMX files share among themselves and nobody else needs. */
#ifndef HV_ARCH_X86_VMX_VMX_INTERNAL_H
#define HV_ARCH_X86_VMX_VMX_INTERNAL_H

#include <stdint.h>

#include "hv/arch/x86/vmx/vcpu_vmx.h"
#include "hv/arch/x86/vmx/vmx_ops.h"

struct vmx_control {
	uint64_t bit;
	const char *name;
};

/* Controls as adjusted against the capability MSRs, and CPU facts. */
struct vmx_caps {
	uint32_t revision;
	uint32_t pin, cpu, secondary, exit, entry;
	uint32_t cpu_may;     /* primary controls that may be set */
	unsigned timer_shift; /* the preemption timer ticks every 2^shift TSC */
	bool ept_ad;          /* EPT accessed and dirty flags */
};

extern struct vmx_caps vmx_caps;

/* vmx_entry.S: loads the guest registers and enters the guest; returns 0
 * after a VM exit, 1 when VMLAUNCH/VMRESUME itself failed. */
struct vcpu_regs;
int vmx_enter(struct vcpu_regs *regs, int launched);

/* Makes v's VMCS the current one (VMPTRLD) unless it already is. */
void vmcs_make_current(struct vcpu *v);

/* The calls of hv/arch/x86/virt.h, as vmx_virt_ops (vmx.c) gives them:
 * vmcs.c */
int vmx_vcpu_init(struct vcpu *v, const struct vcpu_start *start, mfn_t vmcs);
void vmx_vcpu_release(struct vcpu *v);
/* vmexit.c */
void vmx_vcpu_run(struct vcpu *v, uint64_t slice_cycles, struct vm_exit *e);
void vmx_skip_instruction(struct vcpu *v);
void vmx_advance(struct vcpu *v, unsigned len);
void vmx_paging(struct vcpu *v, struct guest_paging *pg);
void vmx_inject_interrupt(struct vcpu *v, uint8_t vector);
bool vmx_interrupt_pending(struct vcpu *v);
bool vmx_interrupts_enabled(struct vcpu *v);
void vmx_flush_mappings(struct vcpu *v);
void vmx_dump(struct vcpu *v);
uint64_t vmx_rip(struct vcpu *v);
unsigned vmx_cpl(struct vcpu *v);
/* vmx_msr.c */
void vmx_load_msrs(struct vcpu *v);
void vmx_forget_msrs(struct vcpu *v);
int vmx_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val);
int vmx_write_msr(struct vcpu *v, uint32_t msr, uint64_t val);
int vmx_write_cr(struct vcpu *v, unsigned cr, uint64_t val);
uint64_t vmx_cr4(struct vcpu *v);
void vmx_inject_exception(struct vcpu *v, uint8_t vector, bool has_error,
			  uint32_t error);
/* exit_reason.c */
const char *vmx_reason_name(uint32_t reason);
const char *vmx_exit_name(enum exit_kind kind);
#endif
