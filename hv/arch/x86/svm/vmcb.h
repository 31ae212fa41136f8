/*
 * The virtual machine control block (APM vol. 2, 15.5 and appendix B,
 * "Layout of VMCB"): one 4 KiB page per vCPU, a control area at 0 and the
 * guest's state save area at 0x400. Fields as the APM names them; every
 * offset is asserted in vmcb.c. Bits within a field are masks and shifts.
 */
#ifndef HV_ARCH_X86_SVM_VMCB_H
#define HV_ARCH_X86_SVM_VMCB_H

#include <stdint.h>

/* Intercept vector 3 (offset 0x00c). */
#define INTERCEPT_INTR (1u << 0)
#define INTERCEPT_NMI (1u << 1)
#define INTERCEPT_SMI (1u << 2)
#define INTERCEPT_INIT (1u << 3)
#define INTERCEPT_VINTR (1u << 4)
#define INTERCEPT_CPUID (1u << 18)
#define INTERCEPT_INVD (1u << 22)
#define INTERCEPT_HLT (1u << 24)
#define INTERCEPT_INVLPGA (1u << 26)
#define INTERCEPT_IOIO_PROT (1u << 27)
#define INTERCEPT_MSR_PROT (1u << 28)
#define INTERCEPT_TASK_SWITCH (1u << 29)
#define INTERCEPT_SHUTDOWN (1u << 31)
/* Intercept vector 4 (offset 0x010). */
#define INTERCEPT_VMRUN (1u << 0)
#define INTERCEPT_VMMCALL (1u << 1)
#define INTERCEPT_VMLOAD (1u << 2)
#define INTERCEPT_VMSAVE (1u << 3)
#define INTERCEPT_STGI (1u << 4)
#define INTERCEPT_CLGI (1u << 5)
#define INTERCEPT_SKINIT (1u << 6)
#define INTERCEPT_XSETBV (1u << 13)
/* CR write intercepts: bits 31:16 of offset 0x000, one per CR. */
#define INTERCEPT_CR_WRITE_SHIFT 16

/* TLB_CONTROL (offset 0x05c). */
#define TLB_CONTROL_DO_NOTHING 0u
#define TLB_CONTROL_FLUSH_ALL_ASID 1u
#define TLB_CONTROL_FLUSH_ASID 3u

/* The virtual interrupt field (offset 0x060). */
#define V_IRQ (1ull << 8)
#define V_INTR_PRIO_SHIFT 16
#define V_INTR_PRIO_MASK (0xfull << V_INTR_PRIO_SHIFT)
#define V_IGN_TPR (1ull << 20)
#define V_INTR_MASKING (1ull << 24)
#define V_INTR_VECTOR_SHIFT 32

/* Offset 0x068. */
#define INTERRUPT_SHADOW (1ull << 0)

/* Offset 0x090. */
#define NP_ENABLE (1ull << 0)

/* EVENTINJ and EXITINTINFO (APM 15.20). */
#define EVENT_VECTOR_MASK 0xffull
#define EVENT_TYPE_SHIFT 8
#define EVENT_TYPE_MASK (7ull << EVENT_TYPE_SHIFT)
#define EVENT_TYPE_INTR (0ull << EVENT_TYPE_SHIFT)
#define EVENT_TYPE_NMI (2ull << EVENT_TYPE_SHIFT)
#define EVENT_TYPE_EXCEPTION (3ull << EVENT_TYPE_SHIFT)
#define EVENT_TYPE_SOFT_INT (4ull << EVENT_TYPE_SHIFT)
#define EVENT_EV (1ull << 11)   /* an error code is pushed */
#define EVENT_VALID (1ull << 31)
#define EVENT_ERRORCODE_SHIFT 32

/* EXITINFO1 of an IOIO intercept (APM 15.10.2). */
#define IOIO_TYPE_IN (1ull << 0)
#define IOIO_STR (1ull << 2)
#define IOIO_SZ8 (1ull << 4)
#define IOIO_SZ16 (1ull << 5)
#define IOIO_SZ32 (1ull << 6)
#define IOIO_PORT_SHIFT 16
#define IOIO_PORT_MASK 0xffffull

/* EXITINFO1 of an MSR intercept (APM 15.11): 0 for RDMSR. */
#define MSR_EXITINFO1_WRITE 1ull

/* EXITINFO1 of a nested page fault (APM 15.25.6): #PF's error code. */
#define NPF_P (1ull << 0)
#define NPF_RW (1ull << 1)
#define NPF_US (1ull << 2)
#define NPF_RSV (1ull << 3)
#define NPF_ID (1ull << 4)

/* Segment attributes: the descriptor's bits 47:40 and 55:52 packed into
 * 12 bits (APM 15.5.1, "Segment State"). */
#define SVM_ATTR_CODE64 0xa9bu  /* G, L, P, S, execute/read, accessed */
#define SVM_ATTR_DATA 0xc93u    /* G, D/B, P, S, read/write, accessed */
#define SVM_ATTR_TSS64_BUSY 0x08bu
#define SVM_ATTR_LDT 0x082u
#define SVM_ATTR_DPL_SHIFT 5
#define SVM_ATTR_DPL_MASK 3u

struct vmcb_segment {
	uint16_t selector;
	uint16_t attrib;
	uint32_t limit;
	uint64_t base;
};

struct vmcb_control {
	uint32_t intercept_cr;          /* 0x000: reads 15:0, writes 31:16 */
	uint32_t intercept_dr;          /* 0x004 */
	uint32_t intercept_exceptions;  /* 0x008 */
	uint32_t intercept_misc1;       /* 0x00c: intercept vector 3 */
	uint32_t intercept_misc2;       /* 0x010: intercept vector 4 */
	uint32_t intercept_misc3;       /* 0x014: intercept vector 5 */
	uint8_t reserved_018[0x03c - 0x018];
	uint16_t pause_filter_threshold; /* 0x03c */
	uint16_t pause_filter_count;    /* 0x03e */
	uint64_t iopm_base_pa;          /* 0x040 */
	uint64_t msrpm_base_pa;         /* 0x048 */
	uint64_t tsc_offset;            /* 0x050 */
	uint32_t guest_asid;            /* 0x058 */
	uint8_t tlb_control;            /* 0x05c */
	uint8_t reserved_05d[3];
	uint64_t vintr;                 /* 0x060: V_TPR, V_IRQ, ... */
	uint64_t interrupt_shadow;      /* 0x068 */
	uint64_t exitcode;              /* 0x070 */
	uint64_t exitinfo1;             /* 0x078 */
	uint64_t exitinfo2;             /* 0x080 */
	uint64_t exitintinfo;           /* 0x088 */
	uint64_t np_control;            /* 0x090: NP_ENABLE */
	uint64_t avic_apic_bar;         /* 0x098 */
	uint64_t ghcb_pa;               /* 0x0a0 */
	uint64_t eventinj;              /* 0x0a8 */
	uint64_t n_cr3;                 /* 0x0b0 */
	uint64_t lbr_virtualization;    /* 0x0b8 */
	uint32_t vmcb_clean;            /* 0x0c0 */
	uint32_t reserved_0c4;
	uint64_t nrip;                  /* 0x0c8: next RIP, with NRIPS */
	uint8_t bytes_fetched;          /* 0x0d0 */
	uint8_t guest_instruction_bytes[15];
	uint8_t reserved_0e0[0x400 - 0x0e0];
};

struct vmcb_save {
	struct vmcb_segment es, cs, ss, ds, fs, gs; /* 0x400..0x45f */
	struct vmcb_segment gdtr, ldtr, idtr, tr;   /* 0x460..0x49f */
	uint8_t reserved_4a0[0x4cb - 0x4a0];
	uint8_t cpl;                    /* 0x4cb */
	uint32_t reserved_4cc;
	uint64_t efer;                  /* 0x4d0 */
	uint8_t reserved_4d8[0x548 - 0x4d8];
	uint64_t cr4;                   /* 0x548 */
	uint64_t cr3;                   /* 0x550 */
	uint64_t cr0;                   /* 0x558 */
	uint64_t dr7;                   /* 0x560 */
	uint64_t dr6;                   /* 0x568 */
	uint64_t rflags;                /* 0x570 */
	uint64_t rip;                   /* 0x578 */
	uint8_t reserved_580[0x5d8 - 0x580];
	uint64_t rsp;                   /* 0x5d8 */
	uint64_t s_cet, ssp, isst_addr; /* 0x5e0 */
	uint64_t rax;                   /* 0x5f8 */
	uint64_t star, lstar, cstar, sfmask; /* 0x600 */
	uint64_t kernel_gs_base;        /* 0x620 */
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip; /* 0x628 */
	uint64_t cr2;                   /* 0x640 */
	uint8_t reserved_648[0x668 - 0x648];
	uint64_t g_pat;                 /* 0x668 */
	uint64_t dbgctl;                /* 0x670 */
	uint8_t reserved_678[0x1000 - 0x400 - 0x278];
};

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
};

#endif
