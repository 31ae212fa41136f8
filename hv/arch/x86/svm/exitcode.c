/*
 * Names of the SVM #VMEXIT codes (APM vol. 2, appendix C), for the message
 * that stops a guest, and of the exits each arch-neutral kind comes from,
 * for the exit counters in the summary. Pure: the unit tests build it on
 * the host.
 */
#include "hv/arch/x86/svm/svm_internal.h"

#define NR_NAMED (SVM_EXIT_TLBSYNC + 1)

static const char *const code_names[NR_NAMED] = {
	[SVM_EXIT_INTR] = "intr",
	[SVM_EXIT_NMI] = "nmi",
	[SVM_EXIT_SMI] = "smi",
	[SVM_EXIT_INIT] = "init",
	[SVM_EXIT_VINTR] = "vintr",
	[SVM_EXIT_CR0_SEL_WRITE] = "cr0-sel-write",
	[SVM_EXIT_IDTR_READ] = "idtr-read",
	[SVM_EXIT_GDTR_READ] = "gdtr-read",
	[SVM_EXIT_LDTR_READ] = "ldtr-read",
	[SVM_EXIT_TR_READ] = "tr-read",
	[SVM_EXIT_IDTR_WRITE] = "idtr-write",
	[SVM_EXIT_GDTR_WRITE] = "gdtr-write",
	[SVM_EXIT_LDTR_WRITE] = "ldtr-write",
	[SVM_EXIT_TR_WRITE] = "tr-write",
	[SVM_EXIT_RDTSC] = "rdtsc",
	[SVM_EXIT_RDPMC] = "rdpmc",
	[SVM_EXIT_PUSHF] = "pushf",
	[SVM_EXIT_POPF] = "popf",
	[SVM_EXIT_CPUID] = "cpuid",
	[SVM_EXIT_RSM] = "rsm",
	[SVM_EXIT_IRET] = "iret",
	[SVM_EXIT_SWINT] = "swint",
	[SVM_EXIT_INVD] = "invd",
	[SVM_EXIT_PAUSE] = "pause",
	[SVM_EXIT_HLT] = "hlt",
	[SVM_EXIT_INVLPG] = "invlpg",
	[SVM_EXIT_INVLPGA] = "invlpga",
	[SVM_EXIT_IOIO] = "ioio",
	[SVM_EXIT_MSR] = "msr",
	[SVM_EXIT_TASK_SWITCH] = "task-switch",
	[SVM_EXIT_FERR_FREEZE] = "ferr-freeze",
	[SVM_EXIT_SHUTDOWN] = "shutdown",
	[SVM_EXIT_VMRUN] = "vmrun",
	[SVM_EXIT_VMMCALL] = "vmmcall",
	[SVM_EXIT_VMLOAD] = "vmload",
	[SVM_EXIT_VMSAVE] = "vmsave",
	[SVM_EXIT_STGI] = "stgi",
	[SVM_EXIT_CLGI] = "clgi",
	[SVM_EXIT_SKINIT] = "skinit",
	[SVM_EXIT_RDTSCP] = "rdtscp",
	[SVM_EXIT_ICEBP] = "icebp",
	[SVM_EXIT_WBINVD] = "wbinvd",
	[SVM_EXIT_MONITOR] = "monitor",
	[SVM_EXIT_MWAIT] = "mwait",
	[SVM_EXIT_MWAIT_CONDITIONAL] = "mwait-conditional",
	[SVM_EXIT_XSETBV] = "xsetbv",
	[SVM_EXIT_RDPRU] = "rdpru",
	[SVM_EXIT_EFER_WRITE_TRAP] = "efer-write-trap",
	[SVM_EXIT_INVLPGB] = "invlpgb",
	[SVM_EXIT_INVLPGB_ILLEGAL] = "invlpgb-illegal",
	[SVM_EXIT_INVPCID] = "invpcid",
	[SVM_EXIT_MCOMMIT] = "mcommit",
	[SVM_EXIT_TLBSYNC] = "tlbsync",
};

/* The ranges with one name each: CRn and DRn reads and writes,
 * exceptions, CRn write traps. */
static const char *range_name(uint32_t code)
{
	if (code < 0x10)
		return "cr-read";
	if (code < 0x20)
		return "cr-write";
	if (code < 0x40)
		return "dr-access";
	if (code < 0x60)
		return "exception";
	if (code >= 0x90 && code < 0xa0)
		return "cr-write-trap";
	return 0;
}

const char *svm_exitcode_name(uint32_t code)
{
	const char *range = range_name(code);

	if (range)
		return range;
	if (code < NR_NAMED && code_names[code])
		return code_names[code];
	switch (code) {
	case SVM_EXIT_NPF:
		return "npf";
	case SVM_EXIT_AVIC_INCOMPLETE_IPI:
		return "avic-incomplete-ipi";
	case SVM_EXIT_AVIC_NOACCEL:
		return "avic-noaccel";
	case SVM_EXIT_VMGEXIT:
		return "vmgexit";
	case SVM_EXIT_INVALID_LOW32:
		return "invalid";
	default:
		return "other";
	}
}

/* The one code each kind is decoded from (vmexit.c), but for those
 * svm_exit_name names itself. */
static const uint32_t kind_codes[EXIT_KINDS] = {
	[EXIT_SHUTDOWN] = SVM_EXIT_SHUTDOWN,
	[EXIT_INTR_WINDOW] = SVM_EXIT_VINTR,
	[EXIT_CPUID] = SVM_EXIT_CPUID,
	[EXIT_HALT] = SVM_EXIT_HLT,
	[EXIT_HYPERCALL] = SVM_EXIT_VMMCALL,
	[EXIT_IO] = SVM_EXIT_IOIO,
	[EXIT_MEM_FAULT] = SVM_EXIT_NPF,
	[EXIT_TIMER] = SVM_EXIT_INTR,
};

/* RDMSR and WRMSR share one code, told apart by EXITINFO1: the summary
 * counts them apart as the VMX back end does. */
const char *svm_exit_name(enum exit_kind kind)
{
	if (kind == EXIT_MSR_READ)
		return "msr-read";
	if (kind == EXIT_MSR_WRITE)
		return "msr-write";
	if (kind == EXIT_CR_WRITE)
		return "cr-write";
	if (kind == EXIT_XSETBV)
		return "xsetbv";
	if (kind == EXIT_FAILED_ENTRY)
		return "entry-failed";
	if (kind == EXIT_UNHANDLED)
		return "unhandled";
	return svm_exitcode_name(kind_codes[kind]);
}
