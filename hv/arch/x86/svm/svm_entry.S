/*
 * void svm_enter(struct vcpu_regs *regs, uint64_t vmcb_pa, uint64_t host_pa)
 *
 * VMRUN saves and loads only RAX, RSP and RIP of the general registers
 * (RAX and RSP from the VMCB, which vmexit.c fills), so this stub keeps
 * the hypervisor's callee-saved registers on its stack, loads the guest's
 * others from regs and stores them back after #VMEXIT. VMLOAD and VMSAVE
 * switch the state VMRUN does not (FS, GS, TR, LDTR, the syscall MSRs):
 * the guest's from its VMCB, the host's from host_pa (APM 15.5.2).
 *
 * GIF (APM 15.17): CLGI holds off interrupts while IF is set for the
 * guest's time; VMRUN sets GIF, so a host interrupt (the slice timer)
 * exits to us; #VMEXIT clears GIF; IF is cleared before STGI, so the
 * interrupt waits until lapic_timer_disarm takes it.
 * Offsets of struct vcpu_regs: hv/arch/x86/vcpu_regs.h.
 */
#include "hv/arch/x86/vcpu_regs.h"

	.text
	.globl svm_enter
svm_enter:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdx		/* host_pa */
	push %rdi		/* regs */
	mov %rsi, %rax		/* the VMCB, for VMLOAD, VMRUN and VMSAVE */
	clgi
	sti
	mov R_RBX(%rdi), %rbx
	mov R_RCX(%rdi), %rcx
	mov R_RDX(%rdi), %rdx
	mov R_RSI(%rdi), %rsi
	mov R_RBP(%rdi), %rbp
	mov R_R8(%rdi), %r8
	mov R_R9(%rdi), %r9
	mov R_R10(%rdi), %r10
	mov R_R11(%rdi), %r11
	mov R_R12(%rdi), %r12
	mov R_R13(%rdi), %r13
	mov R_R14(%rdi), %r14
	mov R_R15(%rdi), %r15
	mov R_RDI(%rdi), %rdi
	vmload %rax
	vmrun %rax
	vmsave %rax
	push %rdi
	mov 8(%rsp), %rdi
	mov %rbx, R_RBX(%rdi)
	mov %rcx, R_RCX(%rdi)
	mov %rdx, R_RDX(%rdi)
	mov %rsi, R_RSI(%rdi)
	mov %rbp, R_RBP(%rdi)
	mov %r8, R_R8(%rdi)
	mov %r9, R_R9(%rdi)
	mov %r10, R_R10(%rdi)
	mov %r11, R_R11(%rdi)
	mov %r12, R_R12(%rdi)
	mov %r13, R_R13(%rdi)
	mov %r14, R_R14(%rdi)
	mov %r15, R_R15(%rdi)
	pop %rax
	mov %rax, R_RDI(%rdi)
	pop %rdi
	pop %rax		/* host_pa */
	vmload %rax
	cli
	stgi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret
