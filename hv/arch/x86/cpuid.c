/*
 * CPUID for guests: the machine's answers, less VMX and SVM (no nested
 * virtualization), plus the "hypervisor present" bit and Ballast's
 * signature at 0x40000000, as guests look for a hypervisor (Linux's
 * arch/x86/kernel/cpu/hypervisor.c reads that leaf).
 */
#include "hv/arch/x86/cpuid.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/svm/svm.h"
#include "hv/arch/x86/vmx/vmx.h"

#define CPUID_1_ECX_HYPERVISOR (1u << 31)

/* "BallastHV\0\0\0" in EBX, ECX, EDX, as in KVM's "KVMKVMKVM\0\0\0". */
#define HV_SIG_EBX 0x6c6c6142u
#define HV_SIG_ECX 0x48747361u
#define HV_SIG_EDX 0x00000056u

void cpuid_emulate(struct vcpu_regs *r)
{
	uint32_t leaf = (uint32_t)r->rax, subleaf = (uint32_t)r->rcx;
	struct cpuid_regs c;

	if (leaf == CPUID_HV_SIGNATURE_LEAF) {
		c = (struct cpuid_regs){ CPUID_HV_SIGNATURE_LEAF, HV_SIG_EBX,
					 HV_SIG_ECX, HV_SIG_EDX };
	} else {
		c = cpuid(leaf, subleaf);
		if (leaf == 1)
			c.ecx = (c.ecx & ~CPUID_1_ECX_VMX) | CPUID_1_ECX_HYPERVISOR;
		if (leaf == CPUID_EXT_FEATURES)
			c.ecx &= ~CPUID_80000001_ECX_SVM;
	}
	r->rax = c.eax;
	r->rbx = c.ebx;
	r->rcx = c.ecx;
	r->rdx = c.edx;
}
