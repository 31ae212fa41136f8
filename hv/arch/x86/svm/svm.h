/*
 * AMD SVM definitions (AMD64 APM vol. 2, chapter 15 "Secure Virtual
 * Machine", and appendix C "SVM Intercept Exit Codes"): the CPUID bits,
 * the MSRs and the #VMEXIT codes Ballast uses, with the APM's names.
 */
#ifndef HV_ARCH_X86_SVM_SVM_H
#define HV_ARCH_X86_SVM_SVM_H

/* CPUID Fn8000_0001 ECX and Fn8000_000A (APM vol. 3, appendix E). */
#define CPUID_EXT_MAX_LEAF 0x80000000u
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_80000001_ECX_SVM (1u << 2)
#define CPUID_SVM_FEATURES 0x8000000au
#define CPUID_SVM_EDX_NP (1u << 0)          /* nested paging */
#define CPUID_SVM_EDX_NRIPS (1u << 3)       /* next RIP saved at #VMEXIT */
#define CPUID_SVM_EDX_FLUSH_BY_ASID (1u << 6)
#define CPUID_SVM_EDX_DECODE_ASSISTS (1u << 7)

/* MSRs (APM 15.30). */
#define MSR_VM_CR 0xc0010114u
#define VM_CR_SVMDIS (1ull << 4)  /* the firmware turned SVM off */
#define VM_CR_LOCK (1ull << 3)
#define MSR_VM_HSAVE_PA 0xc0010117u


/* #VMEXIT codes (APM appendix C), the VMCB's EXITCODE. */
#define SVM_EXIT_CR0_WRITE 0x010u
#define SVM_EXIT_CR4_WRITE 0x014u
#define SVM_EXIT_EXCP_BASE 0x040u
#define SVM_EXIT_INTR 0x060u
#define SVM_EXIT_NMI 0x061u
#define SVM_EXIT_SMI 0x062u
#define SVM_EXIT_INIT 0x063u
#define SVM_EXIT_VINTR 0x064u
#define SVM_EXIT_CR0_SEL_WRITE 0x065u
#define SVM_EXIT_IDTR_READ 0x066u
#define SVM_EXIT_GDTR_READ 0x067u
#define SVM_EXIT_LDTR_READ 0x068u
#define SVM_EXIT_TR_READ 0x069u
#define SVM_EXIT_IDTR_WRITE 0x06au
#define SVM_EXIT_GDTR_WRITE 0x06bu
#define SVM_EXIT_LDTR_WRITE 0x06cu
#define SVM_EXIT_TR_WRITE 0x06du
#define SVM_EXIT_RDTSC 0x06eu
#define SVM_EXIT_RDPMC 0x06fu
#define SVM_EXIT_PUSHF 0x070u
#define SVM_EXIT_POPF 0x071u
#define SVM_EXIT_CPUID 0x072u
#define SVM_EXIT_RSM 0x073u
#define SVM_EXIT_IRET 0x074u
#define SVM_EXIT_SWINT 0x075u
#define SVM_EXIT_INVD 0x076u
#define SVM_EXIT_PAUSE 0x077u
#define SVM_EXIT_HLT 0x078u
#define SVM_EXIT_INVLPG 0x079u
#define SVM_EXIT_INVLPGA 0x07au
#define SVM_EXIT_IOIO 0x07bu
#define SVM_EXIT_MSR 0x07cu
#define SVM_EXIT_TASK_SWITCH 0x07du
#define SVM_EXIT_FERR_FREEZE 0x07eu
#define SVM_EXIT_SHUTDOWN 0x07fu
#define SVM_EXIT_VMRUN 0x080u
#define SVM_EXIT_VMMCALL 0x081u
#define SVM_EXIT_VMLOAD 0x082u
#define SVM_EXIT_VMSAVE 0x083u
#define SVM_EXIT_STGI 0x084u
#define SVM_EXIT_CLGI 0x085u
#define SVM_EXIT_SKINIT 0x086u
#define SVM_EXIT_RDTSCP 0x087u
#define SVM_EXIT_ICEBP 0x088u
#define SVM_EXIT_WBINVD 0x089u
#define SVM_EXIT_MONITOR 0x08au
#define SVM_EXIT_MWAIT 0x08bu
#define SVM_EXIT_MWAIT_CONDITIONAL 0x08cu
#define SVM_EXIT_XSETBV 0x08du
#define SVM_EXIT_RDPRU 0x08eu
#define SVM_EXIT_EFER_WRITE_TRAP 0x08fu
#define SVM_EXIT_INVLPGB 0x0a0u
#define SVM_EXIT_INVLPGB_ILLEGAL 0x0a1u
#define SVM_EXIT_INVPCID 0x0a2u
#define SVM_EXIT_MCOMMIT 0x0a3u
#define SVM_EXIT_TLBSYNC 0x0a4u
#define SVM_EXIT_NPF 0x400u
#define SVM_EXIT_AVIC_INCOMPLETE_IPI 0x401u
#define SVM_EXIT_AVIC_NOACCEL 0x402u
#define SVM_EXIT_VMGEXIT 0x403u
/* VMEXIT_INVALID is -1 as a 64-bit EXITCODE, but QEMU writes only its
 * low 32 bits (shared/notes/EMULATORS.md): compare those. */
#define SVM_EXIT_INVALID_LOW32 0xffffffffu

/* Lengths of the instructions whose exits advance RIP, for CPUs without
 * NRIPS (QEMU's TCG): VMMCALL 0f 01 d9, CPUID 0f a2, HLT f4, RDMSR 0f 32
 * and WRMSR 0f 30. */
#define SVM_VMMCALL_LEN 3u
#define SVM_CPUID_LEN 2u
#define SVM_HLT_LEN 1u
#define SVM_MSR_LEN 2u
#define SVM_XSETBV_LEN 3u

#endif
