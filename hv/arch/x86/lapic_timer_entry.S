/*
 * The local APIC timer's interrupt handler (lapic_timer.c): counts the
 * interrupt and acknowledges it with EOI; and the spurious vector's,
 * which the APIC needs no EOI for. Neither touches more than RAX.
 */
	.text
	.globl lapic_timer_entry
lapic_timer_entry:
	push %rax
	lock incq lapic_timer_count(%rip)
	mov lapic_eoi_reg(%rip), %rax
	movl $0, (%rax)
	pop %rax
	iretq

	.globl lapic_spurious_entry
lapic_spurious_entry:
	iretq
