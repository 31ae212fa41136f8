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
	bool intr_pending;     /* an interrupt waits for the guest to take it */
	uint8_t intr_vector;
	bool window_exiting;   /* interrupt-window exiting is on */
};

#endif
