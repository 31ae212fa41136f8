/*
 * Wrappers for the VMX instructions. Each returns false on VMfailInvalid
 * (CF=1) or VMfailValid (ZF=1). The VMCS accessors check that a field is
 * used at its own width and stop the machine naming the field when a
 * VMREAD or VMWRITE fails: a wrong VMCS setup is a hypervisor bug and must
 * say exactly where it is.
 */
#ifndef HV_ARCH_X86_VMX_VMX_OPS_H
#define HV_ARCH_X86_VMX_VMX_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/arch/x86/vmx/vmx.h"

static inline bool vmxon(uint64_t region)
{
	bool fail;

	__asm__ volatile("vmxon %1; setna %0"
			 : "=qm"(fail)
			 : "m"(region)
			 : "cc", "memory");
	return !fail;
}

static inline bool vmclear(uint64_t vmcs)
{
	bool fail;

	__asm__ volatile("vmclear %1; setna %0"
			 : "=qm"(fail)
			 : "m"(vmcs)
			 : "cc", "memory");
	return !fail;
}

static inline bool vmptrld(uint64_t vmcs)
{
	bool fail;

	__asm__ volatile("vmptrld %1; setna %0"
			 : "=qm"(fail)
			 : "m"(vmcs)
			 : "cc", "memory");
	return !fail;
}

static inline bool vmread_raw(uint64_t field, uint64_t *value)
{
	bool fail;

	__asm__ volatile("vmread %2, %1; setna %0"
			 : "=qm"(fail), "=rm"(*value)
			 : "r"(field)
			 : "cc");
	return !fail;
}

static inline bool vmwrite_raw(uint64_t field, uint64_t value)
{
	bool fail;

	__asm__ volatile("vmwrite %2, %1; setna %0"
			 : "=qm"(fail)
			 : "r"(field), "rm"(value)
			 : "cc");
	return !fail;
}

struct invept_descriptor {
	uint64_t eptp;
	uint64_t reserved;
};

static inline bool invept(uint64_t type, uint64_t eptp)
{
	struct invept_descriptor d = { eptp, 0 };
	bool fail;

	__asm__ volatile("invept %1, %2; setna %0"
			 : "=qm"(fail)
			 : "m"(d), "r"(type)
			 : "cc", "memory");
	return !fail;
}

uint16_t vmcs_read16(enum vmcs_field f);
uint32_t vmcs_read32(enum vmcs_field f);
uint64_t vmcs_read64(enum vmcs_field f);
uint64_t vmcs_readnat(enum vmcs_field f);
void vmcs_write16(enum vmcs_field f, uint16_t v);
void vmcs_write32(enum vmcs_field f, uint32_t v);
void vmcs_write64(enum vmcs_field f, uint64_t v);
void vmcs_writenat(enum vmcs_field f, uint64_t v);

#endif
