/* The VMX part of a vCPU: its VMCS, whether it has been launched, and the
 * events waiting for the next VM entry. It lives in the vCPU's opaque
 * struct vcpu_arch (hv/arch/x86/virt.h). */
#ifndef HV_ARCH_X86_VMX_VCPU_VMX_H
#define HV_ARCH_X86_VMX_VCPU_VMX_H

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>

#include "hv/arch/x86/virt.h"

#define VMX_SWAPPED_MSRS 5

struct vmx_vcpu {
	uint64_t vmcs;  /* machine address of the VMCS region */
	uint64_t eptp;
	bool launched;
	bool intr_pending;     /* an interrupt waits for the guest to take it */
	uint8_t intr_vector;
	bool window_exiting;   /* interrupt-window exiting is on */
	/* an event whose delivery a VM exit interrupted, to inject again */
	uint32_t vectoring_info;  /* IDT-vectoring information; 0: none */
	uint32_t vectoring_error; /* its error code, if it has one */
	uint32_t vectoring_len;   /* its instruction's length, if software */
	uint32_t exc_info;        /* an exception to inject; 0: none */
	uint32_t exc_error;       /* its error code */
	/* KERNEL_GS_BASE, STAR, LSTAR, CSTAR, FMASK (vmx_msr.c) */
	uint64_t msrs[VMX_SWAPPED_MSRS];
};

_Static_assert(sizeof(struct vmx_vcpu) <= VCPU_ARCH_BYTES,
	       "the VMX state fits in struct vcpu_arch");
_Static_assert(alignof(struct vmx_vcpu) <= alignof(struct vcpu_arch),
	       "struct vcpu_arch is aligned for the VMX state");

/* Only the VMX files touch these bytes, always as a struct vmx_vcpu. */
static inline struct vmx_vcpu *vmx_of(struct vcpu *v)
{
	return (struct vmx_vcpu *)(void *)v->arch.opaque;
}

#endif
