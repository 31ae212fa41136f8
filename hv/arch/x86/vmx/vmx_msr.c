/*
 * A VMX guest's MSRs and control registers. FS/GS bases, SYSENTER and
 * EFER live in the VMCS; SYSCALL's STAR/LSTAR/CSTAR/FMASK and SWAPGS's
 * KERNEL_GS_BASE live in the CPU, which VM entry does not switch, so a
 * vCPU's values are loaded when it runs after another one, and
 * KERNEL_GS_BASE is read back then (SWAPGS changes it without an exit).
 * The hypervisor never uses them itself. MOV to CR0/CR4 exits for the
 * bits the guest/host masks give the hypervisor (vmcs.c: those VMX fixes),
 * and an exception the core raises goes in at the next entry (vmexit.c).
 */
#include "hv/arch/x86/vmx/vmx_internal.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/cpuid.h"
#include "hv/arch/x86/msr.h"

static const uint32_t swapped[VMX_SWAPPED_MSRS] = {
	MSR_IA32_KERNEL_GS_BASE, MSR_IA32_STAR, MSR_IA32_LSTAR,
	MSR_IA32_CSTAR, MSR_IA32_FMASK,
};

static struct vcpu *owner; /* whose swapped MSRs the CPU holds */

#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)

void vmx_load_msrs(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx_of(v);

	if (owner == v)
		return;
	if (owner)
		vmx_of(owner)->msrs[0] = rdmsr(MSR_IA32_KERNEL_GS_BASE);
	for (unsigned i = 0; i < VMX_SWAPPED_MSRS; i++)
		wrmsr(swapped[i], x->msrs[i]);
	owner = v;
}

void vmx_forget_msrs(struct vcpu *v)
{
	if (owner == v)
		owner = NULL;
}

static int swapped_index(uint32_t msr)
{
	for (unsigned i = 0; i < VMX_SWAPPED_MSRS; i++)
		if (swapped[i] == msr)
			return (int)i;
	return -1;
}

int vmx_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	int i = swapped_index(msr);

	vmcs_make_current(v);
	if (i == 0 && owner == v)
		vmx_of(v)->msrs[0] = rdmsr(MSR_IA32_KERNEL_GS_BASE);
	if (i >= 0) {
		*val = vmx_of(v)->msrs[i];
		return ST_OK;
	}
	switch (msr) {
	case MSR_IA32_FS_BASE:
		*val = vmcs_readnat(GUEST_FS_BASE);
		return ST_OK;
	case MSR_IA32_GS_BASE:
		*val = vmcs_readnat(GUEST_GS_BASE);
		return ST_OK;
	case MSR_IA32_SYSENTER_CS:
		*val = vmcs_read32(GUEST_SYSENTER_CS);
		return ST_OK;
	case MSR_IA32_SYSENTER_ESP:
		*val = vmcs_readnat(GUEST_SYSENTER_ESP);
		return ST_OK;
	case MSR_IA32_SYSENTER_EIP:
		*val = vmcs_readnat(GUEST_SYSENTER_EIP);
		return ST_OK;
	case MSR_IA32_EFER:
		*val = vmcs_read64(GUEST_IA32_EFER);
		return ST_OK;
	default:
		return ST_NOENT;
	}
}

/* The guest stays in IA-32e mode (it cannot clear CR0.PG, which VMX
 * without unrestricted guest fixes): LME stays set, and LMA with the
 * "IA-32e mode guest" entry control that must equal it (SDM 26.2.4). */
static int write_efer(uint64_t val)
{
	if ((val & ~cpuid_efer_writable()) || !(val & EFER_LME))
		return ST_INVAL;
	vmcs_write64(GUEST_IA32_EFER, val | EFER_LME | EFER_LMA);
	return ST_OK;
}

static int write_swapped(struct vcpu *v, unsigned i, uint64_t val)
{
	uint32_t msr = swapped[i];

	if (msr == MSR_IA32_FMASK ? val >> 32 != 0
				  : msr != MSR_IA32_STAR && !msr_canonical(val))
		return ST_INVAL;
	vmx_of(v)->msrs[i] = val;
	if (owner == v)
		wrmsr(msr, val);
	return ST_OK;
}

int vmx_write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	int i = swapped_index(msr);
	enum vmcs_field base;

	vmcs_make_current(v);
	if (i >= 0)
		return write_swapped(v, (unsigned)i, val);
	switch (msr) {
	case MSR_IA32_EFER:
		return write_efer(val);
	case MSR_IA32_SYSENTER_CS:
		vmcs_write32(GUEST_SYSENTER_CS, (uint32_t)val);
		return ST_OK;
	case MSR_IA32_FS_BASE:
		base = GUEST_FS_BASE;
		break;
	case MSR_IA32_GS_BASE:
		base = GUEST_GS_BASE;
		break;
	case MSR_IA32_SYSENTER_ESP:
		base = GUEST_SYSENTER_ESP;
		break;
	case MSR_IA32_SYSENTER_EIP:
		base = GUEST_SYSENTER_EIP;
		break;
	default:
		return ST_NOENT;
	}
	if (!msr_canonical(val))
		return ST_INVAL;
	vmcs_writenat(base, val);
	return ST_OK;
}

/* CR0: paging and protection stay on (clearing them in 64-bit mode is a
 * #GP), NW only with CD; the bits VMX fixes stay set in the real CR0
 * and the guest reads its own in the shadow. */
static int guest_cr0(uint64_t val)
{
	uint64_t fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	uint64_t fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);

	if ((val >> 32) || !(val & CR0_PG) || !(val & CR0_PE) ||
	    ((val & CR0_NW) && !(val & CR0_CD)))
		return ST_INVAL;
	vmcs_writenat(GUEST_CR0, (val | fixed0) & fixed1);
	vmcs_writenat(CR0_READ_SHADOW, val);
	return ST_OK;
}

/* CR4: only bits the CPU allows in VMX operation, never VMXE (the guest
 * sees no VMX), and PAE stays set (long mode needs it). */
static int guest_cr4(uint64_t val)
{
	uint64_t fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	uint64_t fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);

	if ((val & ~(fixed1 & ~CR4_VMXE)) || !(val & CR4_PAE))
		return ST_INVAL;
	vmcs_writenat(GUEST_CR4, val | fixed0);
	vmcs_writenat(CR4_READ_SHADOW, val);
	return ST_OK;
}

int vmx_write_cr(struct vcpu *v, unsigned cr, uint64_t val)
{
	vmcs_make_current(v);
	if (cr == 0)
		return guest_cr0(val);
	if (cr == 4)
		return guest_cr4(val);
	return ST_INVAL;
}

uint64_t vmx_cr4(struct vcpu *v)
{
	uint64_t mask;

	vmcs_make_current(v);
	mask = vmcs_readnat(CR4_GUEST_HOST_MASK);
	return (vmcs_readnat(CR4_READ_SHADOW) & mask) |
	       (vmcs_readnat(GUEST_CR4) & ~mask);
}

void vmx_inject_exception(struct vcpu *v, uint8_t vector, bool has_error,
			  uint32_t error)
{
	struct vmx_vcpu *x = vmx_of(v);

	x->exc_info = vector | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID_MASK |
		      (has_error ? INTR_INFO_DELIVER_CODE_MASK : 0);
	x->exc_error = error;
}
