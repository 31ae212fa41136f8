/* What the VMX files share among themselves and nobody else needs. */
#ifndef HV_ARCH_X86_VMX_VMX_INTERNAL_H
#define HV_ARCH_X86_VMX_VMX_INTERNAL_H

#include <stdint.h>

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

struct vcpu;
/* Makes v's VMCS the current one (VMPTRLD) unless it already is. */
void vmcs_make_current(struct vcpu *v);
#endif
