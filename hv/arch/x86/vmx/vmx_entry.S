/*
 * int vmx_enter(struct vcpu_regs *regs, int launched)
 *
 * Saves the hypervisor's callee-saved registers and the regs pointer on
 * its stack, points HOST_RSP there, loads the guest's general registers
 * and enters with VMLAUNCH (first time) or VMRESUME. A VM exit lands in
 * vmx_exit (HOST_RIP) on that same stack: it stores the guest registers
 * back through the saved pointer and returns 0 to vmx_enter's caller. If
 * the entry instruction itself fails, execution falls through and we
 * return 1 (the VM-instruction error field says why).
 * Offsets of struct vcpu_regs: hv/arch/x86/vcpu_regs.h.
 */
#define HOST_RSP 0x6c14

#include "hv/arch/x86/vcpu_regs.h"

	.text
	.globl vmx_enter
vmx_enter:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi
	mov $HOST_RSP, %eax
	vmwrite %rsp, %rax
	cmp $0, %esi
	mov R_RAX(%rdi), %rax
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
	jne 1f
	vmlaunch
	jmp 2f
1:	vmresume
2:	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	mov $1, %eax
	ret

	.globl vmx_exit
vmx_exit:
	push %rdi
	mov 8(%rsp), %rdi
	mov %rax, R_RAX(%rdi)
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
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	xor %eax, %eax
	ret
