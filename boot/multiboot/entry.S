/*
 * The hypervisor's entry points.
 * _start: Multiboot2. GRUB enters here in 32-bit protected mode with paging
 * off, EAX = Multiboot2 magic and EBX = the boot information. We build page
 * tables that identity-map the first 4 GiB with 2 MiB pages (RAM, the local
 * APIC and the other MMIO the hypervisor may touch), switch to long mode and
 * call mb2_start(magic, info) in C (start.c), which converts the
 * information and calls hv_main. The hypervisor keeps these tables.
 * entry64: loaders already in 64-bit mode with an identity map (UEFI) jump
 * here with RDI = struct boot_info; we switch to our own tables, GDT and
 * stack and call hv_main(info).
 */
#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80
#define CR4_PAE 0x20
#define EFER_MSR 0xc0000080
#define EFER_LME 0x100
#define CR0_PE_PG_NE 0x80000021

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* end tag */
	.word 0, 0
	.long 8
mb2_header_end:

	/* For loaders that start us in 64-bit mode (the UEFI loader): they
	 * look for this record in the first 32 KiB of the image and jump to
	 * entry64 with RDI = a struct boot_info. */
	.balign 8
	.quad 0x3436564854534c42 /* "BLSTHV64" */
	.quad entry64

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cli
	mov $boot_stack_top, %esp
	mov %eax, %edi          /* magic: first argument of mb2_start */
	mov %ebx, %esi          /* info: second argument */

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages */
	mov $boot_pdpt, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pml4
	mov $boot_pd, %eax
	or $(PTE_P | PTE_W), %eax
	xor %ecx, %ecx
1:	mov %eax, boot_pdpt(, %ecx, 8)
	add $4096, %eax
	inc %ecx
	cmp $4, %ecx
	jne 1b

	xor %ecx, %ecx          /* 2048 entries map 4 GiB */
2:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	mov %eax, boot_pd(, %ecx, 8)
	mov %ecx, %eax
	shr $11, %eax           /* high dword: bits 32+ of the address */
	mov %eax, boot_pd + 4(, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jne 2b

	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov $EFER_MSR, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $CR0_PE_PG_NE, %eax
	mov %eax, %cr0

	lgdt boot_gdt_desc
	ljmp $0x08, $long_mode

	.code64
	.globl entry64
entry64:
	cli
	mov %rdi, %r12
	lea boot_stack_top(%rip), %rsp
	call build_tables64
	lea boot_pml4(%rip), %rax
	mov %rax, %cr3
	lgdt boot_gdt_desc(%rip)
	pushq $0x08
	lea 4f(%rip), %rax
	pushq %rax
	lretq
4:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	mov %r12, %rdi
	call hv_main
5:	cli
	hlt
	jmp 5b

/* The same tables as the 32-bit path builds: 4 GiB identity, 2 MiB pages. */
build_tables64:
	lea boot_pdpt(%rip), %rax
	or $(PTE_P | PTE_W), %rax
	mov %rax, boot_pml4(%rip)
	lea boot_pd(%rip), %rax
	or $(PTE_P | PTE_W), %rax
	lea boot_pdpt(%rip), %rdx
	xor %ecx, %ecx
6:	mov %rax, (%rdx, %rcx, 8)
	add $4096, %rax
	inc %ecx
	cmp $4, %ecx
	jne 6b
	lea boot_pd(%rip), %rdx
	xor %ecx, %ecx
7:	mov %rcx, %rax
	shl $21, %rax
	or $(PTE_P | PTE_W | PTE_PS), %rax
	mov %rax, (%rdx, %rcx, 8)
	inc %ecx
	cmp $2048, %ecx
	jne 7b
	ret

long_mode:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	mov $boot_stack_top, %rsp
	call mb2_start
3:	cli
	hlt
	jmp 3b

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff /* 0x10: data */
boot_gdt_desc:
	.word boot_gdt_desc - boot_gdt - 1
	.quad boot_gdt

	.section .bss
	.balign 4096
	.globl boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4 * 4096
	.globl boot_stack_top
boot_stack:
	.skip 32768
boot_stack_top:
