/*
 * The back-end contract: what the core asks of a virtualization extension
 * (Intel's VMX, hv/arch/x86/vmx/, or AMD's SVM, hv/arch/x86/svm/).
 * The core creates a vCPU, runs it until it exits, and gets back an
 * arch-neutral struct vm_exit; it never sees a VMCS. virt_init picks the
 * back end the CPU has at boot (virt.c, over the struct virt_ops tables
 * of hv/arch/x86/virt_ops.h); the vcpu_* calls go to it. No back end calls
 * into the core.
 */
#ifndef HV_ARCH_X86_VIRT_H
#define HV_ARCH_X86_VIRT_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/arch/x86/guest_walk.h"
#include "hv/lib/types.h"

struct stage2_ops;

/* General registers the back end saves at exit and loads at entry; RSP
 * and RIP live in the back end's guest state. Back ends' entry code
 * (vmx_entry.S) follows this order. */
struct vcpu_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

/* The general register of an instruction encoding's number (0 RAX, 1 RCX,
 * ... 15 R15); NULL for RSP (4), which lives in the back end's guest
 * state, and for a number past 15. */
static inline uint64_t *vcpu_gpr(struct vcpu_regs *r, unsigned n)
{
	uint64_t *const regs[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, NULL, &r->rbp, &r->rsi,
		&r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13,
		&r->r14, &r->r15,
	};

	return n < 16 ? regs[n] : NULL;
}

/* Why a guest left. The order is the one the summary lists them in. */
enum exit_kind {
	EXIT_SHUTDOWN,      /* triple fault */
	EXIT_INTR_WINDOW,   /* the guest can take the interrupt it waits for */
	EXIT_CPUID,
	EXIT_HALT,
	EXIT_HYPERCALL,     /* number in rax */
	EXIT_IO,            /* IN or OUT */
	EXIT_MSR_READ,      /* RDMSR: the MSR in rcx */
	EXIT_MSR_WRITE,     /* WRMSR: the MSR in rcx, the value in edx:eax */
	EXIT_CR_WRITE,      /* MOV to a control register the back end owns */
	EXIT_XSETBV,        /* XSETBV: the register in ecx, the value in edx:eax */
	EXIT_MEM_FAULT,     /* a guest-physical access stage 2 did not allow */
	EXIT_TIMER,         /* the time slice ran out */
	EXIT_FAILED_ENTRY,  /* the guest state did not pass VM-entry checks */
	EXIT_UNHANDLED,     /* anything else: the guest is stopped */
	EXIT_KINDS
};

#define MEM_ACCESS_READ 1u
#define MEM_ACCESS_WRITE 2u
#define MEM_ACCESS_EXEC 4u

struct vm_exit {
	enum exit_kind kind;
	uint32_t reason;  /* the back end's raw reason, for messages */
	uint64_t qualification;
	gpa_t gpa;        /* EXIT_MEM_FAULT */
	unsigned access;  /* EXIT_MEM_FAULT: MEM_ACCESS_* */
	uint16_t port;    /* EXIT_IO */
	uint8_t io_size;  /* EXIT_IO: 1, 2 or 4 bytes */
	bool io_in;       /* EXIT_IO: IN (true) or OUT */
	bool io_string;   /* EXIT_IO: INS/OUTS */
	uint8_t cr;       /* EXIT_CR_WRITE: 0 or 4 */
	uint8_t gpr;      /* EXIT_CR_WRITE: the source, 0 (RAX) to 15 (R15) */
};

/* Hardware exceptions the core raises in a guest (SDM 6.3.1). */
#define VECTOR_UD 6
#define VECTOR_GP 13

/* Where a new vCPU starts: 64-bit mode, paging on, interrupts off, its
 * stage-2 tables (p2m.s2.root, in the format virt_stage2 gives). A guest
 * stub leaves the GDT fields 0: no GDT (limit 0), the hypervisor's own
 * selectors. A Linux-boot-protocol guest names its GDT and the flat
 * selectors in it it starts with (include/ballast/linux_boot.h). */
struct vcpu_start {
	uint64_t rip, rsp, rdi, rsi, cr3;
	uint64_t gdt_base;
	uint16_t gdt_limit;
	uint16_t cs, ds; /* 0: the hypervisor's GDT_KERNEL_CS and _DS */
	mfn_t stage2_root;
};

/* The back end's own state of a vCPU, opaque here: each back end keeps
 * its struct in these bytes and asserts that it fits. */
#define VCPU_ARCH_BYTES 128

struct vcpu_arch {
	_Alignas(8) unsigned char opaque[VCPU_ARCH_BYTES];
};

/* The x87/SSE registers and XCR0 of a guest, which no VM entry or exit
 * switches: fpu.c loads them before a guest runs after another. */
#define FXSAVE_BYTES 512

struct vcpu_fpu {
	_Alignas(16) unsigned char fxsave[FXSAVE_BYTES];
	uint64_t xcr0;
};

struct vcpu {
	struct vcpu_regs regs;
	struct vcpu_arch arch;
	struct vcpu_fpu fpu;
	/* Added to the TSC the guest reads, set by the core before each run:
	 * a guest's TSC counts its own time (hv/core/guest.h), not the
	 * cycles the run's clock hides (swap I/O under Bochs) or another
	 * guest's slices. */
	uint64_t tsc_offset;
	uint64_t irqs_injected;     /* interrupts raised and delivered */
	uint64_t events_reinjected; /* deliveries a VM exit interrupted */
};

/* Picks the back end the CPU has and turns it on. On failure it has
 * printed one line per missing feature. */
int virt_init(void);
/* Whether the CPU marks the guest pages it accesses (stage-2 accessed
 * flags), which the active-memory estimate samples. */
bool virt_tracks_accessed(void);
/* The GUEST_START_* flags (include/ballast/guest.h) the back end needs
 * guests to see: GUEST_START_VMMCALL under SVM. */
uint32_t virt_guest_flags(void);
/* The name of a vCPU's hardware state page (VMCS, VMCB), for messages. */
const char *virt_state_name(void);
/* The stage-2 table format of the back end (hv/mm/stage2.h). */
const struct stage2_ops *virt_stage2(void);
/* The back end's name for an exit kind, as its manual calls the exit,
 * for the summary's counters. */
const char *virt_exit_name(enum exit_kind kind);

/* vmcs: a zeroed hypervisor page the back end may use for the vCPU's
 * hardware state (a VMCS, a VMCB). */
int vcpu_init(struct vcpu *v, const struct vcpu_start *start, mfn_t vmcs);
/* Lets the CPU go of the vCPU's state page, which may then be freed. */
void vcpu_release(struct vcpu *v);
void vcpu_run(struct vcpu *v, uint64_t slice_cycles, struct vm_exit *exit);
void vcpu_skip_instruction(struct vcpu *v);
/* Moves RIP on by len bytes: an emulated instruction whose exit gives no
 * length (an MMIO access's stage-2 fault). */
void vcpu_advance(struct vcpu *v, unsigned len);
/* The guest's paging controls, to walk its page tables. */
void vcpu_paging(struct vcpu *v, struct guest_paging *pg);
/* Raises an external interrupt in the guest, delivered at the first entry
 * where the guest accepts interrupts; a second one before that merges. */
void vcpu_inject_interrupt(struct vcpu *v, uint8_t vector);
/* Raises a hardware exception at the next entry, before any interrupt:
 * #GP(0) for an MSR or control-register value the guest may not write. */
void vcpu_inject_exception(struct vcpu *v, uint8_t vector, bool has_error,
			   uint32_t error);
/* An MSR whose value lives in the back end's guest state (the VMCS or
 * VMCB) or that it loads around entries: ST_OK, ST_NOENT when the back
 * end holds no such MSR, ST_INVAL when the guest may not write that value
 * (the caller raises #GP). */
int vcpu_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val);
int vcpu_write_msr(struct vcpu *v, uint32_t msr, uint64_t val);
/* EXIT_CR_WRITE: the guest writes val to CR0 or CR4: ST_OK, or ST_INVAL
 * when the value is not allowed (the caller raises #GP). */
int vcpu_write_cr(struct vcpu *v, unsigned cr, uint64_t val);
/* The guest's CR4 as it reads it. */
uint64_t vcpu_cr4(struct vcpu *v);
/* Whether an interrupt injected waits for the guest to take it. */
bool vcpu_interrupt_pending(struct vcpu *v);
/* RFLAGS.IF: whether the guest lets external interrupts in. */
bool vcpu_interrupts_enabled(struct vcpu *v);
/* Drops cached translations after the guest's p2m lost a mapping. */
void vcpu_flush_mappings(struct vcpu *v);
void vcpu_dump(struct vcpu *v);
uint64_t vcpu_rip(struct vcpu *v);
/* The privilege level the guest ran at when it exited: 0 for its kernel. */
unsigned vcpu_cpl(struct vcpu *v);
/* The back end's name for its raw reason (struct vm_exit's reason), for
 * messages. */
const char *vcpu_reason_name(uint32_t reason);

#endif
