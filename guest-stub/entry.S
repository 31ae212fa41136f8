/*
 * The guest stub's image starts with struct guest_image_header
 * (include/ballast/guest.h), then the entry point. The hypervisor starts
 * us in 64-bit mode with RSP at the stack top and RDI = start info.
 * Also the interrupt stubs: the balloon vector and the exceptions, which
 * save the caller-saved registers and call C (guest-stub/cpu.c); #PF
 * returns when the pager resolved it.
 */
#define GUEST_IMAGE_MAGIC 0x31545347544c4142
#define BALLAST_ABI_VERSION 1

	.section .header, "a"
	.quad GUEST_IMAGE_MAGIC
	.long BALLAST_ABI_VERSION
	.long 64
	.quad _start
	.quad _image_end
	.quad _bss_end
	.quad stack_top
	.quad 0, 0

	.text
	.globl _start
_start:
	call guest_main	/* leaves through report_exit (report.c) */
1:	hlt
	jmp 1b

.macro SAVE_CALLER_SAVED
	push %rax
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
.endm
.macro RESTORE_CALLER_SAVED
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rax
.endm

	.globl balloon_irq_entry
balloon_irq_entry:
	SAVE_CALLER_SAVED
	call balloon_irq
	RESTORE_CALLER_SAVED
	iretq

/* Exceptions end the guest: the C handler reports and exits, so the
 * stack layout after it does not matter. RSI = the interrupted RIP
 * (past the error code when the CPU pushed one). */
.macro EXCEPTION vec, has_error
	.globl exception_entry_\vec
exception_entry_\vec:
	mov $\vec, %edi
	.if \has_error
	mov 8(%rsp), %rsi
	.else
	mov (%rsp), %rsi
	.endif
	and $-16, %rsp
	call guest_exception
.endm
	.irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20
	EXCEPTION \v, 0
	.endr
	.irp v, 8,10,11,12,13,17
	EXCEPTION \v, 1
	.endr

/* #PF may be a page the stub's pager evicted: page_fault (cpu.c) reads it
 * back and returns, and the faulting instruction runs again; any other
 * fault ends the guest there. */
	.globl exception_entry_14
exception_entry_14:
	SAVE_CALLER_SAVED
	push %rbx
	mov %cr2, %rdi
	mov 80(%rsp), %rsi	/* the error code, under the ten saved */
	mov 88(%rsp), %rdx	/* the faulting RIP */
	mov %rsp, %rbx		/* callee-saved: keeps the frame's place */
	and $-16, %rsp
	call page_fault
	mov %rbx, %rsp
	pop %rbx
	RESTORE_CALLER_SAVED
	add $8, %rsp		/* the error code */
	iretq

	.section .rodata
	.balign 8
	.globl exception_entries
exception_entries:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20
	.quad exception_entry_\v
	.endr

	.bss
	.balign 4096
stack:
	.skip 16384
stack_top:
