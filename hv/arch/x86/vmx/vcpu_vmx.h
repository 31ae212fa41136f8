/* The VMX part of a vCPU: its VMCS and whether it has been launched. */
#ifndef HV_ARCH_X86_VMX_VCPU_VMX_H
#define HV_ARCH_X86_VMX_VCPU_VMX_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/arch/x86/vmx/vmx.h"

struct vcpu_arch {
	uint64_t vmcs;  /* machine address of the VMCS region */
	uint64_t eptp;
	bool launched;
};

#endif
