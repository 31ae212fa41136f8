/* What a guest sees when it executes CPUID. */
#ifndef HV_ARCH_X86_CPUID_H
#define HV_ARCH_X86_CPUID_H

#include "hv/arch/x86/virt.h"

#define CPUID_HV_SIGNATURE_LEAF 0x40000000u

/* Answers the CPUID in r's EAX/ECX into EAX..EDX. */
void cpuid_emulate(struct vcpu_regs *r);

#endif
