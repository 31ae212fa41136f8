/*
 * How the hypervisor starts a guest stub: the image format it loads and
 * the state the guest finds at its first instruction.
 *
 * Guest-physical memory at start (addresses in hex):
 *
 *   0          +--------------------------+
 *              | unused                   |
 *   1000       | PML4                     |  GUEST_PML4_GPA
 *   2000       | PDPT                     |
 *   3000       | page directory: 2 MiB    |  identity map of the first
 *              | pages over 0..1 GiB      |  GUEST_MAPPED_LIMIT bytes
 *   4000       | struct guest_start_info  |  GUEST_START_INFO_GPA
 *   5000       | untouched                |
 *   100000     | image: header, code,     |  GUEST_IMAGE_GPA
 *              | data, bss, stack         |
 *   image end  | untouched: the guest's   |  each page gets a machine
 *              | own memory to use        |  page on first touch
 *   memory     +--------------------------+  end of the guest's memory
 *
 * The guest starts in 64-bit mode at the header's entry with CR3 =
 * GUEST_PML4_GPA, RSP = the header's stack top, RDI = GUEST_START_INFO_GPA,
 * interrupts off and no GDT or IDT of its own yet (GDTR and IDTR limits 0).
 * The pages of the tables, the start info and the image are mapped before
 * the guest runs ("loaded" pages); every other page is mapped on demand.
 */
#ifndef BALLAST_GUEST_H
#define BALLAST_GUEST_H

#include <stdint.h>

#define GUEST_PML4_GPA 0x1000ull
#define GUEST_START_INFO_GPA 0x4000ull
#define GUEST_IMAGE_GPA 0x100000ull
#define GUEST_MAPPED_LIMIT (1ull << 30)

#define GUEST_IMAGE_MAGIC 0x31545347544c4142ull /* "BALTGST1" */
#define GUEST_START_MAGIC 0x5452415453544c42ull /* "BLTSTART" */

/* First bytes of the flat guest image, which is loaded at GUEST_IMAGE_GPA. */
struct guest_image_header {
	uint64_t magic;
	uint32_t abi_version;
	uint32_t header_size;
	uint64_t entry;      /* guest-physical */
	uint64_t image_end;  /* end of the loaded bytes, guest-physical */
	uint64_t bss_end;    /* end of bss and stack, guest-physical */
	uint64_t stack_top;  /* guest-physical */
	uint64_t reserved[2];
};

enum guest_workload {
	GUEST_WL_IDLE = 0,
	GUEST_WL_PATTERN = 1, /* param[0] = bytes to write and verify */
	GUEST_WL_WILD = 2,    /* param[0] = guest-physical address to touch */
	GUEST_WL_VMCALL_BENCH = 3, /* param[0] = number of round trips */
	GUEST_WL_HYPERCALL_CHECK = 4, /* bad hypercalls, each must be refused */
	/* the case study's benchmark: param[0] = heap bytes, param[1] =
	 * passes of heap-size random updates, param[2] = the share of the
	 * heap they touch, in basis points (10000: all of it) */
	GUEST_WL_CONTENTION = 5,
	/* bad balloon lists, each must be refused; then it touches a page it
	 * ballooned, which must stop it */
	GUEST_WL_BALLOON_HOSTILE = 6,
	/* an exception with an empty IDT: the guest triple-faults */
	GUEST_WL_TRIPLE_FAULT = 7,
	/* every hypercall made from ring 3, each of which must be refused */
	GUEST_WL_USER_HYPERCALL = 8,
	/* waits for balloon interrupts with its stack on a page it never
	 * touched, so that delivering each one takes an EPT violation */
	GUEST_WL_IRQ_STACK = 9,
	/* fills its memory, then passes every page to a hypercall as a buffer
	 * while the hypervisor swaps them: none may be refused */
	GUEST_WL_SWAPPED_BUFFERS = 10,
	/* param[0] seeded random and mutated hypercalls, each checked against
	 * what the ABI says the hypervisor must answer */
	GUEST_WL_FUZZ = 11,
	/* param[0] = an enum guest_attack: one way to go after the
	 * hypervisor or the other guests, which must be refused (the guest
	 * checks what it got and exits 0) or stop this guest alone */
	GUEST_WL_ATTACK = 12,
	/* every bad HC_BLOCK_IO must be refused with its code; then it
	 * writes and reads back its whole paging area */
	GUEST_WL_BLOCK_CHECK = 13,
	/* a virtio-balloon driver over MMIO (guest-stub/virtio.c): lists in
	 * and out; then four drivers that must each be stopped alone */
	GUEST_WL_VIRTIO_BALLOON = 14,
	GUEST_WL_MMIO_BAD_RING = 15,
	GUEST_WL_MMIO_LOOP = 16,
	GUEST_WL_MMIO_OUTSIDE = 17,
	GUEST_WL_MMIO_OPCODE = 18,
};

enum guest_attack {
	GUEST_ATTACK_PORTS = 0,     /* every port in and out: reads all ones */
	GUEST_ATTACK_STRING_IO = 1, /* INS from the disk's data port: stopped */
	GUEST_ATTACK_RDMSR = 2,     /* stopped */
	GUEST_ATTACK_WRMSR = 3,     /* stopped */
	GUEST_ATTACK_CR0 = 4,       /* paging off: stopped */
	GUEST_ATTACK_CR4 = 5,       /* CR4.VMXE on: stopped */
	GUEST_ATTACK_VMX = 6,       /* VMREAD: stopped */
	/* hypercall buffers in pages it ballooned, never touched or gave
	 * back, and outside its memory: each HC_E_FAULT */
	GUEST_ATTACK_POINTERS = 7,
	/* reads pages it never wrote and pages it deflated, while the others
	 * free theirs: zeros only, nothing of another guest's */
	GUEST_ATTACK_SNOOP = 8,
	GUEST_ATTACK_COUNT = 9,
};

/* Start flags. */
#define GUEST_START_BALLOON (1u << 0) /* run the balloon driver */
/* Hypercalls are VMMCALL (AMD SVM), not VMCALL (Intel VMX): the guest
 * must use the one its host intercepts, since the other is #UD there. */
#define GUEST_START_VMMCALL (1u << 1)

#define GUEST_NAME_LEN 16

struct guest_start_info {
	uint64_t magic;
	uint32_t abi_version;
	uint32_t guest_id;
	uint64_t memory_bytes; /* the guest's memory: [0, memory_bytes) */
	uint32_t workload;     /* enum guest_workload */
	uint32_t flags;        /* GUEST_START_* */
	uint64_t param[4];
	uint64_t seed;         /* for the workload's random choices */
	char name[GUEST_NAME_LEN];
};

_Static_assert(sizeof(struct guest_image_header) == 64, "image header layout");
_Static_assert(sizeof(struct guest_start_info) == 88, "start info layout");

#endif
