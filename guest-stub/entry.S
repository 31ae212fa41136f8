/*
 * The guest stub's image starts with struct guest_image_header
 * (include/ballast/guest.h), then the entry point. The hypervisor starts
 * us in 64-bit mode with RSP at the stack top and RDI = start info.
 */
#define GUEST_IMAGE_MAGIC 0x31545347544c4142
#define BALLAST_ABI_VERSION 1
#define HC_EXIT 3

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
	call guest_main
	mov %rax, %rbx
	mov $HC_EXIT, %eax
	vmcall
1:	hlt
	jmp 1b

	.bss
	.balign 4096
stack:
	.skip 16384
stack_top:
