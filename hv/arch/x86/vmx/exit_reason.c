/*
 * Names of the VMX basic exit reasons (SDM appendix C), for the message
 * that stops a guest, and of the exits each arch-neutral kind comes from,
 * for the exit counters in the summary. Every reason the SDM defines has
 * one, so no exit a guest causes is "other". Pure: the unit tests build it
 * on the host.
 */
#include "hv/arch/x86/vmx/vmx_internal.h"

#define NR_REASONS (EXIT_REASON_MAX + 1)

static const char *const reason_names[NR_REASONS] = {
	[EXIT_REASON_EXCEPTION_NMI] = "exception",
	[EXIT_REASON_EXTERNAL_INTERRUPT] = "external-interrupt",
	[EXIT_REASON_TRIPLE_FAULT] = "triple-fault",
	[EXIT_REASON_INIT_SIGNAL] = "init-signal",
	[EXIT_REASON_SIPI] = "sipi",
	[EXIT_REASON_IO_SMI] = "io-smi",
	[EXIT_REASON_OTHER_SMI] = "other-smi",
	[EXIT_REASON_INTERRUPT_WINDOW] = "interrupt-window",
	[EXIT_REASON_NMI_WINDOW] = "nmi-window",
	[EXIT_REASON_TASK_SWITCH] = "task-switch",
	[EXIT_REASON_CPUID] = "cpuid",
	[EXIT_REASON_GETSEC] = "getsec",
	[EXIT_REASON_HLT] = "hlt",
	[EXIT_REASON_INVD] = "invd",
	[EXIT_REASON_INVLPG] = "invlpg",
	[EXIT_REASON_RDPMC] = "rdpmc",
	[EXIT_REASON_RDTSC] = "rdtsc",
	[EXIT_REASON_RSM] = "rsm",
	[EXIT_REASON_VMCALL] = "vmcall",
	[EXIT_REASON_VMCLEAR] = "vmclear",
	[EXIT_REASON_VMLAUNCH] = "vmlaunch",
	[EXIT_REASON_VMPTRLD] = "vmptrld",
	[EXIT_REASON_VMPTRST] = "vmptrst",
	[EXIT_REASON_VMREAD] = "vmread",
	[EXIT_REASON_VMRESUME] = "vmresume",
	[EXIT_REASON_VMWRITE] = "vmwrite",
	[EXIT_REASON_VMOFF] = "vmxoff",
	[EXIT_REASON_VMON] = "vmxon",
	[EXIT_REASON_CR_ACCESS] = "cr-access",
	[EXIT_REASON_DR_ACCESS] = "dr-access",
	[EXIT_REASON_IO_INSTRUCTION] = "io",
	[EXIT_REASON_MSR_READ] = "rdmsr",
	[EXIT_REASON_MSR_WRITE] = "wrmsr",
	[EXIT_REASON_INVALID_STATE] = "entry-failed-guest-state",
	[EXIT_REASON_MSR_LOAD_FAIL] = "entry-failed-msr-load",
	[EXIT_REASON_MWAIT_INSTRUCTION] = "mwait",
	[EXIT_REASON_MONITOR_TRAP_FLAG] = "monitor-trap-flag",
	[EXIT_REASON_MONITOR_INSTRUCTION] = "monitor",
	[EXIT_REASON_PAUSE_INSTRUCTION] = "pause",
	[EXIT_REASON_MCE_DURING_VMENTRY] = "entry-failed-machine-check",
	[EXIT_REASON_TPR_BELOW_THRESHOLD] = "tpr-below-threshold",
	[EXIT_REASON_APIC_ACCESS] = "apic-access",
	[EXIT_REASON_EOI_INDUCED] = "virtualized-eoi",
	[EXIT_REASON_GDTR_IDTR] = "gdtr-idtr-access",
	[EXIT_REASON_LDTR_TR] = "ldtr-tr-access",
	[EXIT_REASON_EPT_VIOLATION] = "ept-violation",
	[EXIT_REASON_EPT_MISCONFIG] = "ept-misconfig",
	[EXIT_REASON_INVEPT] = "invept",
	[EXIT_REASON_RDTSCP] = "rdtscp",
	[EXIT_REASON_PREEMPTION_TIMER] = "preemption-timer",
	[EXIT_REASON_INVVPID] = "invvpid",
	[EXIT_REASON_WBINVD] = "wbinvd",
	[EXIT_REASON_XSETBV] = "xsetbv",
	[EXIT_REASON_APIC_WRITE] = "apic-write",
	[EXIT_REASON_RDRAND] = "rdrand",
	[EXIT_REASON_INVPCID] = "invpcid",
	[EXIT_REASON_VMFUNC] = "vmfunc",
	[EXIT_REASON_ENCLS] = "encls",
	[EXIT_REASON_RDSEED] = "rdseed",
	[EXIT_REASON_PML_FULL] = "pml-full",
	[EXIT_REASON_XSAVES] = "xsaves",
	[EXIT_REASON_XRSTORS] = "xrstors",
	[EXIT_REASON_PCONFIG] = "pconfig",
	[EXIT_REASON_SPP] = "spp",
	[EXIT_REASON_UMWAIT] = "umwait",
	[EXIT_REASON_TPAUSE] = "tpause",
	[EXIT_REASON_LOADIWKEY] = "loadiwkey",
	[EXIT_REASON_ENCLV] = "enclv",
	[EXIT_REASON_ENQCMD_PASID] = "enqcmd-pasid-fail",
	[EXIT_REASON_ENQCMDS_PASID] = "enqcmds-pasid-fail",
	[EXIT_REASON_BUS_LOCK] = "bus-lock",
	[EXIT_REASON_NOTIFY] = "notify",
	[EXIT_REASON_SEAMCALL] = "seamcall",
};

const char *vmx_reason_name(uint32_t reason)
{
	if (reason < NR_REASONS && reason_names[reason])
		return reason_names[reason];
	return "other";
}

/* The one reason each kind but the last two is decoded from (vmexit.c). */
static const uint32_t kind_reasons[EXIT_KINDS] = {
	[EXIT_SHUTDOWN] = EXIT_REASON_TRIPLE_FAULT,
	[EXIT_INTR_WINDOW] = EXIT_REASON_INTERRUPT_WINDOW,
	[EXIT_CPUID] = EXIT_REASON_CPUID,
	[EXIT_HALT] = EXIT_REASON_HLT,
	[EXIT_HYPERCALL] = EXIT_REASON_VMCALL,
	[EXIT_IO] = EXIT_REASON_IO_INSTRUCTION,
	[EXIT_MSR_READ] = EXIT_REASON_MSR_READ,
	[EXIT_MSR_WRITE] = EXIT_REASON_MSR_WRITE,
	[EXIT_CR_WRITE] = EXIT_REASON_CR_ACCESS,
	[EXIT_XSETBV] = EXIT_REASON_XSETBV,
	[EXIT_MEM_FAULT] = EXIT_REASON_EPT_VIOLATION,
	[EXIT_TIMER] = EXIT_REASON_PREEMPTION_TIMER,
};

const char *vmx_exit_name(enum exit_kind kind)
{
	if (kind == EXIT_FAILED_ENTRY)
		return "entry-failed";
	if (kind == EXIT_UNHANDLED)
		return "unhandled";
	return vmx_reason_name(kind_reasons[kind]);
}
