/* The SVM part of a vCPU: its VMCB, its ASID, the events waiting for the
 * next VMRUN and where the last intercepted instruction ends. It lives in
 * the vCPU's opaque struct vcpu_arch (hv/arch/x86/virt.h). */
#ifndef HV_ARCH_X86_SVM_VCPU_SVM_H
#define HV_ARCH_X86_SVM_VCPU_SVM_H

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>

#include "hv/arch/x86/svm/vmcb.h"
#include "hv/arch/x86/virt.h"

struct svm_vcpu {
	struct vmcb *vmcb;     /* identity-mapped: also its machine address */
	uint64_t next_rip;     /* after the instruction the last exit was for */
	uint64_t exitintinfo;  /* an event a #VMEXIT interrupted; 0: none */
	uint32_t asid;
	bool flush;            /* the ASID's TLB entries are stale */
	bool intr_pending;     /* an interrupt waits for the guest to take it */
	uint8_t intr_vector;
	bool window;           /* V_IRQ and the VINTR intercept are on */
	uint64_t exc_inject;   /* an exception for EVENTINJ; 0: none */
};

_Static_assert(sizeof(struct svm_vcpu) <= VCPU_ARCH_BYTES,
	       "the SVM state fits in struct vcpu_arch");
_Static_assert(alignof(struct svm_vcpu) <= alignof(struct vcpu_arch),
	       "struct vcpu_arch is aligned for the SVM state");

/* Only the SVM files touch these bytes, always as a struct svm_vcpu. */
static inline struct svm_vcpu *svm_of(struct vcpu *v)
{
	return (struct svm_vcpu *)(void *)v->arch.opaque;
}

#endif
