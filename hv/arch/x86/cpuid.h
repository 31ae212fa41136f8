/* What a guest sees when it executes CPUID. */
#ifndef HV_ARCH_X86_CPUID_H
#define HV_ARCH_X86_CPUID_H

#include "hv/arch/x86/virt.h"

#define CPUID_HV_SIGNATURE_LEAF 0x40000000u

/* Answers the CPUID in r's EAX/ECX into EAX..EDX; OSXSAVE reflects the
 * guest's CR4 as the guest reads it, leaves 0x15/0x16 the TSC's rate. */
void cpuid_emulate(struct vcpu_regs *r, uint64_t guest_cr4, uint64_t tsc_hz);
/* The EFER bits a guest may write: SCE, LME, LMA, and NXE with NX. */
uint64_t cpuid_efer_writable(void);

#endif
