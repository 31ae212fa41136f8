/*
 * A kernel guest's MSRs (RDMSR/WRMSR always exit: no MSR bitmap). Those
 * the CPU state holds (FS/GS bases, KERNEL_GS_BASE, SYSCALL, SYSENTER,
 * EFER) go to the back end (vcpu_read_msr/vcpu_write_msr); the others a
 * PC has are answered here: the TSC (coherent with the guest's TSC
 * offset), FEATURE_CONTROL (locked, no VMX), BIOS_SIGN_ID (microcode
 * revision 0), MISC_FEATURES_ENABLES (nothing to enable), PAT, TSC_AUX, MISC_ENABLE, APIC_BASE (no local APIC: disabled),
 * the MTRRs (none variable or fixed, write-back by default) and the
 * temperature MSRs memtest86+ reads. An unknown MSR reads 0, counted; a
 * write the guest may not make is refused with #GP, which Linux's MSR
 * accessors recover from (rdmsr_safe and its exception table).
 */
#ifndef HV_CORE_GUEST_MSR_H
#define HV_CORE_GUEST_MSR_H

#include <stdbool.h>
#include <stdint.h>

struct guest;

struct guest_msrs {
	uint64_t pat, tsc_aux, misc_enable, mtrr_def_type;
	int64_t tsc_adjust;       /* added to the TSC offset: the guest's writes */
	uint64_t unknown_reads, refused_writes;
	uint32_t last_unknown, last_refused;
};

void guest_msr_init(struct guest_msrs *m);
/* RDMSR or WRMSR, with the MSR in RCX and the value in EDX:EAX: answered,
 * or refused with #GP. */
void guest_dev_msr(struct guest *g, bool write);

#endif
