/*
 * Architectural MSRs a kernel guest reads and writes (SDM vol. 4 table
 * 2-2), by their manual names; the core's answers (hv/core/guest_msr.c)
 * and the back ends' guest state (vmx/vmx_msr.c, svm/svm_msr.c) use them.
 */
#ifndef HV_ARCH_X86_MSR_H
#define HV_ARCH_X86_MSR_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/arch/x86/cpu.h"

#define MSR_IA32_TSC 0x10u
#define MSR_IA32_APIC_BASE 0x1bu
#define MSR_IA32_TSC_ADJUST 0x3bu
#define MSR_IA32_BIOS_SIGN_ID 0x8bu
#define MSR_IA32_MTRRCAP 0xfeu
#define MSR_MISC_FEATURES_ENABLES 0x140u
#define MSR_IA32_SYSENTER_CS 0x174u
#define MSR_IA32_SYSENTER_ESP 0x175u
#define MSR_IA32_SYSENTER_EIP 0x176u
#define MSR_IA32_MISC_ENABLE 0x1a0u
#define MSR_IA32_MTRR_PHYSBASE0 0x200u
#define MSR_IA32_MTRR_FIX64K_00000 0x250u
#define MSR_IA32_MTRR_FIX16K_80000 0x258u
#define MSR_IA32_MTRR_FIX16K_A0000 0x259u
#define MSR_IA32_MTRR_FIX4K_C0000 0x268u
#define MSR_IA32_MTRR_FIX4K_F8000 0x26fu
#define MSR_IA32_PAT 0x277u
#define MSR_IA32_MTRR_DEF_TYPE 0x2ffu
#define MSR_IA32_STAR 0xc0000081u
#define MSR_IA32_LSTAR 0xc0000082u
#define MSR_IA32_CSTAR 0xc0000083u
#define MSR_IA32_FMASK 0xc0000084u
#define MSR_IA32_FS_BASE 0xc0000100u
#define MSR_IA32_GS_BASE 0xc0000101u
#define MSR_IA32_KERNEL_GS_BASE 0xc0000102u
#define MSR_IA32_TSC_AUX 0xc0000103u


/* A linear address of 48 bits, sign-extended: what WRMSR takes for a
 * base or an entry point (else #GP) and what VM entry checks. */
static inline bool msr_canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

#endif
