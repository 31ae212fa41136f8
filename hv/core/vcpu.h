/*
 * The interface between the core and a virtualization back end (VMX now,
 * SVM later). The core creates a vCPU, runs it until it exits, and gets
 * back an arch-neutral struct vm_exit; it never touches a VMCS. The back
 * end never calls into the core.
 */
#ifndef HV_CORE_VCPU_H
#define HV_CORE_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/arch/x86/vmx/vcpu_vmx.h"
#include "hv/lib/types.h"

/* General registers the back end saves at exit and loads at entry; RSP
 * and RIP live in the VMCS. The order is fixed by vmx_entry.S. */
struct vcpu_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

enum exit_kind {
	EXIT_HYPERCALL,     /* VMCALL: number in rax */
	EXIT_MEM_FAULT,     /* a guest-physical access EPT did not allow */
	EXIT_IO,            /* IN or OUT */
	EXIT_CPUID,
	EXIT_HALT,
	EXIT_INTR_WINDOW,   /* the guest can take the interrupt it waits for */
	EXIT_TIMER,         /* the time slice ran out */
	EXIT_SHUTDOWN,      /* triple fault */
	EXIT_FAILED_ENTRY,  /* the guest state did not pass VM-entry checks */
	EXIT_UNHANDLED,     /* anything else: the guest is stopped */
};

#define MEM_ACCESS_READ 1u
#define MEM_ACCESS_WRITE 2u
#define MEM_ACCESS_EXEC 4u

struct vm_exit {
	enum exit_kind kind;
	uint32_t reason;  /* the back end's raw reason, for counters */
	uint64_t qualification;
	gpa_t gpa;        /* EXIT_MEM_FAULT */
	unsigned access;  /* EXIT_MEM_FAULT: MEM_ACCESS_* */
	uint16_t port;    /* EXIT_IO */
	uint8_t io_size;  /* EXIT_IO: 1, 2 or 4 bytes */
	bool io_in;       /* EXIT_IO: IN (true) or OUT */
	bool io_string;   /* EXIT_IO: INS/OUTS */
};

/* Where a new vCPU starts: 64-bit mode, paging on. */
struct vcpu_start {
	uint64_t rip, rsp, rdi, cr3;
	uint64_t eptp;
};

struct vcpu {
	struct vcpu_regs regs;
	struct vcpu_arch arch;
	uint64_t irqs_injected;     /* interrupts raised and delivered */
	uint64_t events_reinjected; /* deliveries a VM exit interrupted */
};

/* Checks the CPU and enters VMX operation. On failure it has printed one
 * line per missing feature. */
int virt_init(void);
/* Whether the CPU marks the guest pages it accesses (EPT accessed flags),
 * which the active-memory estimate samples. */
bool virt_tracks_accessed(void);
int vcpu_init(struct vcpu *v, const struct vcpu_start *start, mfn_t vmcs);
/* Lets the CPU go of the vCPU's VMCS, whose page may then be freed. */
void vcpu_release(struct vcpu *v);
void vcpu_run(struct vcpu *v, uint64_t slice_cycles, struct vm_exit *exit);
void vcpu_skip_instruction(struct vcpu *v);
/* Raises an external interrupt in the guest, delivered at the first entry
 * where the guest accepts interrupts; a second one before that merges. */
void vcpu_inject_interrupt(struct vcpu *v, uint8_t vector);
/* Drops cached translations after the guest's p2m lost a mapping. */
void vcpu_flush_mappings(struct vcpu *v);
void vcpu_dump(struct vcpu *v);
uint64_t vcpu_rip(struct vcpu *v);
/* The privilege level the guest ran at when it exited: 0 for its kernel. */
unsigned vcpu_cpl(struct vcpu *v);
/* Names for the back end's raw reasons: for counters and messages. */
#define VCPU_NR_REASONS (EXIT_REASON_MAX + 1)
const char *vcpu_reason_name(uint32_t reason);

#endif
