/*
 * Ring 3 for the user-hypercall workload (guest-stub/usermode.c):
 * user_enter runs a function at CPL 3 with its own stack; the function
 * comes back by executing UD2, whose #UD handler (user_return, reached
 * through the TSS's RSP0) restores the kernel's stack and returns from
 * user_enter.
 */
#define SEL_DATA 0x10
#define SEL_USER_DATA (0x18 | 3)
#define SEL_USER_CODE (0x20 | 3)
#define RFLAGS_RESERVED_1 0x2

	.text
	/* void user_enter(void (*fn)(void), uint64_t user_stack_top) */
	.globl user_enter
user_enter:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, kernel_rsp(%rip)
	pushq $SEL_USER_DATA
	pushq %rsi
	pushq $RFLAGS_RESERVED_1
	pushq $SEL_USER_CODE
	pushq %rdi
	iretq

	.globl user_return
user_return:
	mov kernel_rsp(%rip), %rsp
	mov $SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

	.bss
	.balign 8
kernel_rsp:
	.skip 8
