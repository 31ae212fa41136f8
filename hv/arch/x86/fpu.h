/*
 * A guest's x87/SSE registers and XCR0 (struct vcpu_fpu, virt.h), which
 * neither VMX nor SVM switches at entry or exit. The hypervisor itself
 * never uses them (-mgeneral-regs-only), so they stay the last guest's
 * until another guest runs.
 */
#ifndef HV_ARCH_X86_FPU_H
#define HV_ARCH_X86_FPU_H

#include "hv/arch/x86/virt.h"

/* The host side: FXSAVE/FXRSTOR usable (CR0.EM and TS clear, CR4.OSFXSR
 * set), and CR4.OSXSAVE when the CPU has XSAVE, to load guests' XCR0. */
void fpu_setup(void);
/* The registers' state after reset: FCW 0x37f, MXCSR 0x1f80, XCR0 x87. */
void fpu_init(struct vcpu_fpu *f);
/* Before v runs: saves the last guest's registers, loads v's. */
void fpu_switch_to(struct vcpu *v);
/* v is gone: its registers need not be saved. */
void fpu_forget(struct vcpu *v);
/* The XCR0 bits a guest may set (what guest CPUID leaf 0xd reports):
 * x87 and SSE when the CPU has XSAVE, none otherwise. */
uint64_t fpu_xcr0_supported(void);

#endif
