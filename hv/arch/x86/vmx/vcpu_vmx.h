/* The VMX part of a vCPU: its VMCS, whether it has been launched, and the
 * events waiting for the next VM entry. */
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
	/* an event whose delivery a VM exit interrupted, to inject again */
	uint32_t vectoring_info;  /* IDT-vectoring information; 0: none */
	uint32_t vectoring_error; /* its error code, if it has one */
	uint32_t vectoring_len;   /* its instruction's length, if software */
};

#endif
