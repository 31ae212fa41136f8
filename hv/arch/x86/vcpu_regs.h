/*
 * Offsets of struct vcpu_regs (hv/arch/x86/virt.h) for the back ends'
 * entry stubs (vmx/vmx_entry.S, svm/svm_entry.S); virt.c asserts them.
 */
#ifndef HV_ARCH_X86_VCPU_REGS_H
#define HV_ARCH_X86_VCPU_REGS_H

#define R_RAX 0
#define R_RBX 8
#define R_RCX 16
#define R_RDX 24
#define R_RSI 32
#define R_RDI 40
#define R_RBP 48
#define R_R8 56
#define R_R9 64
#define R_R10 72
#define R_R11 80
#define R_R12 88
#define R_R13 96
#define R_R14 104
#define R_R15 112

#endif
