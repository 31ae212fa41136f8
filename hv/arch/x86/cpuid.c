/*
 * CPUID for guests: the machine's answers less what the guest cannot use
 * under the controls in use, plus the "hypervisor present" bit and
 * Ballast's signature at 0x40000000, as guests look for a hypervisor
 * (Linux's arch/x86/kernel/cpu/hypervisor.c reads that leaf). Hidden:
 * VMX and SVM (no nested virtualization); MONITOR/MWAIT, which would run
 * natively; the local APIC, x2APIC and TSC deadline (kernel guests have
 * the 8259 only); RDTSCP, RDPID, INVPCID and XSAVES, whose VMX controls
 * are off (#UD); the performance counters and their MSRs; TSC_ADJUST, the
 * speculation-control MSRs, PKU, PT, SGX, MPX, LA57; thermal and power
 * management (leaf 6: HWP, EPB); RDRAND and RDSEED, which run natively
 * and which Bochs answers from the host's entropy: a kernel guest that
 * mixes them into its random pool (Linux: freelist order, hash seeds)
 * would not repeat its run; and every XSAVE
 * component past SSE with the instructions that need them (AVX, AVX-512),
 * as the hypervisor switches x87/SSE state only (fpu.c). Leaves 0x15 and
 * 0x16 give the rate the TSC really runs at (the run's clock: 10 MHz
 * under Bochs), not the CPU model's 3.5 GHz: Linux takes it from there
 * (native_calibrate_tsc), as calibrating against the PIT fails when
 * every port read is a VM exit.
 */
#include "hv/arch/x86/cpuid.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/fpu.h"
#include "hv/arch/x86/svm/svm.h"
#include "hv/arch/x86/vmx/vmx.h"

#define CPUID_1_ECX_HIDDEN (CPUID_1_ECX_VMX | 1u << 3 /* MONITOR */ | \
			    1u << 12 /* FMA */ | 1u << 15 /* PDCM */ | \
			    1u << 21 /* x2APIC */ | 1u << 24 /* TSC deadline */ | \
			    1u << 28 /* AVX */ | 1u << 29 /* F16C */ | \
			    1u << 30 /* RDRAND */)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define CPUID_1_EDX_APIC (1u << 9)
/* leaf 7 subleaf 0 */
#define CPUID_7_EBX_HIDDEN (1u << 1 /* TSC_ADJUST */ | 1u << 2 /* SGX */ | \
			    1u << 5 /* AVX2 */ | 1u << 10 /* INVPCID */ | \
			    1u << 14 /* MPX */ | 1u << 16 /* AVX512F */ | \
			    1u << 17 /* AVX512DQ */ | 1u << 18 /* RDSEED */ | \
			    1u << 21 /* AVX512IFMA */ | \
			    1u << 25 /* PT */ | 1u << 26 /* AVX512PF */ | \
			    1u << 27 /* AVX512ER */ | 1u << 28 /* AVX512CD */ | \
			    1u << 30 /* AVX512BW */ | 1u << 31 /* AVX512VL */)
#define CPUID_7_ECX_HIDDEN (1u << 1 /* AVX512VBMI */ | 1u << 3 /* PKU */ | \
			    1u << 4 /* OSPKE */ | 1u << 5 /* WAITPKG */ | \
			    1u << 6 /* AVX512VBMI2 */ | 1u << 9 /* VAES */ | \
			    1u << 10 /* VPCLMULQDQ */ | 1u << 11 /* AVX512VNNI */ | \
			    1u << 12 /* AVX512BITALG */ | 1u << 14 /* VPOPCNTDQ */ | \
			    1u << 16 /* LA57 */ | 1u << 22 /* RDPID */)
#define CPUID_7_EDX_HIDDEN (1u << 2 /* AVX512_4VNNIW */ | 1u << 3 /* 4FMAPS */ | \
			    1u << 26 /* IBRS/IBPB */ | 1u << 27 /* STIBP */ | \
			    1u << 28 /* L1D_FLUSH */ | 1u << 29 /* ARCH_CAPABILITIES */ | \
			    1u << 30 /* CORE_CAPABILITIES */ | 1u << 31 /* SSBD */)
#define CPUID_80000001_EDX_NX (1u << 20)
#define CPUID_80000001_EDX_RDTSCP (1u << 27)
/* leaf 0xd subleaf 1: XSAVEOPT, XSAVEC, XGETBV with ECX=1 (not XSAVES) */
#define CPUID_D1_EAX_SHOWN 0x7u
#define XSAVE_AREA_LEGACY 576u /* the legacy area and the XSAVE header */

#define CPUID_POWER_LEAF 0x6u
#define CPUID_PERFMON_LEAF 0xau
#define CPUID_XSAVE_LEAF 0xdu
#define CPUID_TSC_LEAF 0x15u
#define CPUID_FREQ_LEAF 0x16u

/* "BallastHV\0\0\0" in EBX, ECX, EDX, as in KVM's "KVMKVMKVM\0\0\0". */
#define HV_SIG_EBX 0x6c6c6142u
#define HV_SIG_ECX 0x48747361u
#define HV_SIG_EDX 0x00000056u

uint64_t cpuid_efer_writable(void)
{
	uint64_t nx = (cpuid(CPUID_EXT_FEATURES, 0).edx & CPUID_80000001_EDX_NX) ? EFER_NXE : 0;

	return EFER_SCE | EFER_LME | EFER_LMA | nx;
}

static void leaf1(struct cpuid_regs *c, uint64_t guest_cr4)
{
	c->ecx &= ~(CPUID_1_ECX_HIDDEN | CPUID_1_ECX_OSXSAVE);
	if (!fpu_xcr0_supported())
		c->ecx &= ~CPUID_1_ECX_XSAVE;
	else if (guest_cr4 & CR4_OSXSAVE)
		c->ecx |= CPUID_1_ECX_OSXSAVE;
	c->ecx |= CPUID_1_ECX_HYPERVISOR;
	c->edx &= ~CPUID_1_EDX_APIC;
}

static void xsave_leaf(struct cpuid_regs *c, uint32_t subleaf)
{
	uint64_t xcr0 = fpu_xcr0_supported();
	uint32_t eax = c->eax;

	*c = (struct cpuid_regs){ 0, 0, 0, 0 };
	if (!xcr0)
		return;
	if (subleaf == 0)
		*c = (struct cpuid_regs){ (uint32_t)xcr0, XSAVE_AREA_LEGACY,
					  XSAVE_AREA_LEGACY, 0 };
	else if (subleaf == 1)
		*c = (struct cpuid_regs){ eax & CPUID_D1_EAX_SHOWN,
					  XSAVE_AREA_LEGACY, 0, 0 };
}

static void mask(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *c,
		 uint64_t guest_cr4, uint64_t tsc_hz)
{
	switch (leaf) {
	case 1:
		leaf1(c, guest_cr4);
		break;
	case 7:
		if (subleaf == 0) {
			c->ebx &= ~CPUID_7_EBX_HIDDEN;
			c->ecx &= ~CPUID_7_ECX_HIDDEN;
			c->edx &= ~CPUID_7_EDX_HIDDEN;
		} else {
			*c = (struct cpuid_regs){ 0, 0, 0, 0 };
		}
		break;
	case CPUID_POWER_LEAF:
	case CPUID_PERFMON_LEAF:
		*c = (struct cpuid_regs){ 0, 0, 0, 0 };
		break;
	case CPUID_TSC_LEAF: /* TSC = crystal (ECX Hz) * EBX / EAX */
		*c = (struct cpuid_regs){ 1, 1, (uint32_t)tsc_hz, 0 };
		break;
	case CPUID_FREQ_LEAF: /* base and maximum MHz */
		*c = (struct cpuid_regs){ (uint32_t)(tsc_hz / 1000000),
					  (uint32_t)(tsc_hz / 1000000), 0, 0 };
		break;
	case CPUID_XSAVE_LEAF:
		xsave_leaf(c, subleaf);
		break;
	case CPUID_EXT_FEATURES:
		c->ecx &= ~CPUID_80000001_ECX_SVM;
		c->edx &= ~CPUID_80000001_EDX_RDTSCP;
		break;
	}
}

void cpuid_emulate(struct vcpu_regs *r, uint64_t guest_cr4, uint64_t tsc_hz)
{
	uint32_t leaf = (uint32_t)r->rax, subleaf = (uint32_t)r->rcx;
	struct cpuid_regs c;

	if (leaf == CPUID_HV_SIGNATURE_LEAF) {
		c = (struct cpuid_regs){ CPUID_HV_SIGNATURE_LEAF, HV_SIG_EBX,
					 HV_SIG_ECX, HV_SIG_EDX };
	} else {
		c = cpuid(leaf, subleaf);
		mask(leaf, subleaf, &c, guest_cr4, tsc_hz);
	}
	r->rax = c.eax;
	r->rbx = c.ebx;
	r->rcx = c.ecx;
	r->rdx = c.edx;
}
