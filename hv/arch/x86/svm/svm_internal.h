/* What the SVM files share among themselves and nobody else needs. */
#ifndef HV_ARCH_X86_SVM_SVM_INTERNAL_H
#define HV_ARCH_X86_SVM_SVM_INTERNAL_H

#include <stdint.h>

#include "hv/arch/x86/svm/svm.h"
#include "hv/arch/x86/svm/vcpu_svm.h"

/* CPU facts svm.c found. */
struct svm_caps {
	uint32_t nasid;       /* ASIDs, 0 (the host's) included */
	bool nrips;           /* the VMCB's nRIP is written at #VMEXIT */
	bool flush_by_asid;   /* TLB_CONTROL may flush one ASID */
};

extern struct svm_caps svm_caps;

/* The host state VMRUN does not switch (FS, GS, TR, LDTR, the syscall
 * MSRs), saved by VMSAVE once in svm.c and put back by VMLOAD after each
 * #VMEXIT. */
extern uint64_t svm_host_save_pa;
/* The I/O and MSR permission maps, all ones: every access exits. */
extern uint64_t svm_iopm_pa, svm_msrpm_pa;

/* svm_entry.S: VMLOAD, VMRUN, VMSAVE of the guest with its general
 * registers, then VMLOAD of the host's state; GIF is clear around it. */
struct vcpu_regs;
void svm_enter(struct vcpu_regs *regs, uint64_t vmcb_pa, uint64_t host_pa);

/* asid.c */
uint32_t asid_assign(void);
void asid_before_vmrun(struct vcpu *v);
void asid_release(struct vcpu *v);

/* The calls of hv/arch/x86/virt.h, as svm_virt_ops (svm.c) gives them:
 * vmcb.c */
int svm_vcpu_init(struct vcpu *v, const struct vcpu_start *start, mfn_t vmcb);
void svm_vcpu_release(struct vcpu *v);
/* vmexit.c */
void svm_vcpu_run(struct vcpu *v, uint64_t slice_cycles, struct vm_exit *e);
void svm_skip_instruction(struct vcpu *v);
void svm_advance(struct vcpu *v, unsigned len);
void svm_paging(struct vcpu *v, struct guest_paging *pg);
void svm_flush_mappings(struct vcpu *v);
/* svm_msr.c */
int svm_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val);
int svm_write_msr(struct vcpu *v, uint32_t msr, uint64_t val);
int svm_write_cr(struct vcpu *v, unsigned cr, uint64_t val);
uint64_t svm_cr4(struct vcpu *v);
void svm_inject_exception(struct vcpu *v, uint8_t vector, bool has_error,
			  uint32_t error);
uint64_t svm_rip(struct vcpu *v);
unsigned svm_cpl(struct vcpu *v);
void svm_dump(struct vcpu *v);
/* event.c */
void svm_inject_interrupt(struct vcpu *v, uint8_t vector);
bool svm_interrupt_pending(struct vcpu *v);
bool svm_interrupts_enabled(struct vcpu *v);
void svm_deliver_events(struct vcpu *v);
void svm_save_exitintinfo(struct vcpu *v);
void svm_close_window(struct vcpu *v);
/* exitcode.c */
const char *svm_exitcode_name(uint32_t code);
const char *svm_exit_name(enum exit_kind kind);

#endif
