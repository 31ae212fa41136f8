/*
 * Turning SVM on (APM vol. 2, 15.4 "Enabling SVM"): check that the CPU
 * has everything Ballast uses and say exactly what is missing if not, set
 * EFER.SVME, give the CPU its host save area (VM_HSAVE_PA) and save the
 * host state VMRUN leaves alone. Also the permission maps every guest
 * shares and the back end's table of calls for virt.c (svm_virt_ops).
 */
#include "hv/arch/x86/svm/svm_internal.h"

#include <ballast/guest.h>

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/lapic_timer.h"
#include "hv/arch/x86/svm/npt.h"
#include "hv/arch/x86/virt_ops.h"
#include "hv/lib/printk.h"
#include "hv/lib/string.h"

/* The I/O permission map covers ports 0..0xffff plus one byte (APM
 * 15.10.1): 12 KiB; the MSR permission map 8 KiB (15.11). */
#define IOPM_BYTES (3 * 4096)
#define MSRPM_BYTES (2 * 4096)

struct svm_caps svm_caps;
uint64_t svm_host_save_pa, svm_iopm_pa, svm_msrpm_pa;

static uint8_t hsave_area[4096] __attribute__((aligned(4096)));
static uint8_t host_save[4096] __attribute__((aligned(4096)));
static uint8_t iopm[IOPM_BYTES] __attribute__((aligned(4096)));
static uint8_t msrpm[MSRPM_BYTES] __attribute__((aligned(4096)));

struct svm_feature {
	uint32_t bit;
	const char *name;
};

static bool check_features(void)
{
	static const struct svm_feature needed[] = {
		{ CPUID_SVM_EDX_NP, "nested paging (NPT)" },
		{ 0, 0 },
	};
	struct cpuid_regs f = cpuid(CPUID_SVM_FEATURES, 0);
	bool ok = true;

	for (const struct svm_feature *n = needed; n->name; n++) {
		if (!(f.edx & n->bit)) {
			printk("ballast: SVM feature missing: %s\n", n->name);
			ok = false;
		}
	}
	svm_caps.nasid = f.ebx;
	svm_caps.nrips = (f.edx & CPUID_SVM_EDX_NRIPS) != 0;
	svm_caps.flush_by_asid = (f.edx & CPUID_SVM_EDX_FLUSH_BY_ASID) != 0;
	if (svm_caps.nasid < 2) {
		printk("ballast: SVM feature missing: an ASID for guests (CPUID reports %u)\n",
		       svm_caps.nasid);
		ok = false;
	}
	return ok;
}

static bool enabled_by_firmware(void)
{
	if (!(rdmsr(MSR_VM_CR) & VM_CR_SVMDIS))
		return true;
	printk("ballast: SVM is disabled by the firmware (VM_CR.SVMDIS): enable SVM (AMD-V) in the BIOS setup\n");
	return false;
}

/* NXE lets nested page entries use the NX bit (npt.c), which is reserved
 * without it. */
static void enter_svm(void)
{
	uint64_t hsave = (uint64_t)(uintptr_t)hsave_area;

	wrmsr(MSR_IA32_EFER, rdmsr(MSR_IA32_EFER) | EFER_SVME | EFER_NXE);
	wrmsr(MSR_VM_HSAVE_PA, hsave);
	memset(iopm, 0xff, sizeof(iopm));
	memset(msrpm, 0xff, sizeof(msrpm));
	svm_iopm_pa = (uint64_t)(uintptr_t)iopm;
	svm_msrpm_pa = (uint64_t)(uintptr_t)msrpm;
	svm_host_save_pa = (uint64_t)(uintptr_t)host_save;
	__asm__ volatile("vmsave %0" : : "a"(svm_host_save_pa) : "memory");
}

static bool svm_present(void)
{
	if (cpuid(CPUID_EXT_MAX_LEAF, 0).eax < CPUID_SVM_FEATURES)
		return false;
	return (cpuid(CPUID_EXT_FEATURES, 0).ecx & CPUID_80000001_ECX_SVM) != 0;
}

static int svm_init(void)
{
	if (!enabled_by_firmware() || !check_features())
		return ST_INVAL;
	if (lapic_timer_init() != ST_OK)
		return ST_INVAL;
	enter_svm();
	printk("ballast: SVM on: %u ASIDs, next RIP %s, TLB flush %s, slices from the local APIC timer, NPT accessed flags on\n",
	       svm_caps.nasid,
	       svm_caps.nrips ? "from NRIPS" : "from instruction lengths (no NRIPS)",
	       svm_caps.flush_by_asid ? "by ASID" : "of every ASID");
	return ST_OK;
}

static bool svm_tracks_accessed(void)
{
	return true;
}

static uint32_t svm_guest_flags(void)
{
	return GUEST_START_VMMCALL;
}

const struct virt_ops svm_virt_ops = {
	.missing = "this CPU has no SVM (AMD-V)",
	.state_name = "VMCB",
	.present = svm_present,
	.init = svm_init,
	.tracks_accessed = svm_tracks_accessed,
	.guest_flags = svm_guest_flags,
	.stage2 = &npt_format.ops,
	.exit_name = svm_exit_name,
	.reason_name = svm_exitcode_name,
	.vcpu_init = svm_vcpu_init,
	.vcpu_release = svm_vcpu_release,
	.vcpu_run = svm_vcpu_run,
	.vcpu_skip_instruction = svm_skip_instruction,
	.vcpu_advance = svm_advance,
	.vcpu_paging = svm_paging,
	.vcpu_inject_interrupt = svm_inject_interrupt,
	.vcpu_inject_exception = svm_inject_exception,
	.vcpu_read_msr = svm_read_msr,
	.vcpu_write_msr = svm_write_msr,
	.vcpu_write_cr = svm_write_cr,
	.vcpu_cr4 = svm_cr4,
	.vcpu_interrupt_pending = svm_interrupt_pending,
	.vcpu_interrupts_enabled = svm_interrupts_enabled,
	.vcpu_flush_mappings = svm_flush_mappings,
	.vcpu_dump = svm_dump,
	.vcpu_rip = svm_rip,
	.vcpu_cpl = svm_cpl,
};
