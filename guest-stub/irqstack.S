/*
 * For the irq-stack workload (guest-stub/irqstack.c): a balloon-vector
 * handler that only counts, and loops whose stack is a page the guest
 * never touched, so that the CPU's pushes for an interrupt are the page's
 * first touch. Both loops touch no memory but what they are given and
 * irq_count, and end when irq_count moves.
 */
	.text
	.globl irq_count_entry
irq_count_entry:
	lock incq irq_count(%rip)
	iretq

	/* uint64_t touch_on_stack(uint64_t stack_top, uint64_t gpa,
	 * uint64_t pages): writes a word to each page from gpa on; returns
	 * how many it wrote before an interrupt came. */
	.globl touch_on_stack
touch_on_stack:
	mov %rsp, %r8
	mov %rdx, %rcx
	mov irq_count(%rip), %rdx
	xor %eax, %eax
	mov %rdi, %rsp
1:	cmp %rcx, %rax
	jae 2f
	cmp irq_count(%rip), %rdx
	jne 2f
	mov %rsi, (%rsi)
	add $4096, %rsi
	inc %rax
	jmp 1b
2:	mov %r8, %rsp
	ret

	/* uint64_t wait_on_stack(uint64_t stack_top, uint64_t spins):
	 * spins until an interrupt comes or spins run out; returns the
	 * spins left. */
	.globl wait_on_stack
wait_on_stack:
	mov %rsp, %r8
	mov irq_count(%rip), %rdx
	mov %rdi, %rsp
	mov %rsi, %rax
1:	cmp irq_count(%rip), %rdx
	jne 2f
	dec %rax
	jnz 1b
2:	mov %r8, %rsp
	ret

	.bss
	.balign 8
	.globl irq_count
irq_count:
	.skip 8
