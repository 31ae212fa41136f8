/*
 * What a back end supplies to virt.c: one table of the calls in virt.h.
 * Only virt.c and the back ends include this.
 */
#ifndef HV_ARCH_X86_VIRT_OPS_H
#define HV_ARCH_X86_VIRT_OPS_H

#include "hv/arch/x86/virt.h"

struct virt_ops {
	const char *missing;   /* the line virt_init prints when it is absent */
	const char *state_name; /* of a vCPU's state page: "VMCS" */
	bool (*present)(void); /* CPUID says the CPU has the extension */
	int (*init)(void);     /* checks its features and turns it on */
	bool (*tracks_accessed)(void);
	uint32_t (*guest_flags)(void);   /* GUEST_START_* it asks guests for */
	const struct stage2_ops *stage2;
	const char *(*exit_name)(enum exit_kind kind); /* kind < EXIT_KINDS */
	const char *(*reason_name)(uint32_t reason);
	int (*vcpu_init)(struct vcpu *v, const struct vcpu_start *start,
			 mfn_t vmcs);
	void (*vcpu_release)(struct vcpu *v);
	void (*vcpu_run)(struct vcpu *v, uint64_t slice_cycles,
			 struct vm_exit *exit);
	void (*vcpu_skip_instruction)(struct vcpu *v);
	void (*vcpu_advance)(struct vcpu *v, unsigned len);
	void (*vcpu_paging)(struct vcpu *v, struct guest_paging *pg);
	void (*vcpu_inject_interrupt)(struct vcpu *v, uint8_t vector);
	void (*vcpu_inject_exception)(struct vcpu *v, uint8_t vector,
				      bool has_error, uint32_t error);
	int (*vcpu_read_msr)(struct vcpu *v, uint32_t msr, uint64_t *val);
	int (*vcpu_write_msr)(struct vcpu *v, uint32_t msr, uint64_t val);
	int (*vcpu_write_cr)(struct vcpu *v, unsigned cr, uint64_t val);
	uint64_t (*vcpu_cr4)(struct vcpu *v);
	bool (*vcpu_interrupt_pending)(struct vcpu *v);
	bool (*vcpu_interrupts_enabled)(struct vcpu *v);
	void (*vcpu_flush_mappings)(struct vcpu *v);
	void (*vcpu_dump)(struct vcpu *v);
	uint64_t (*vcpu_rip)(struct vcpu *v);
	unsigned (*vcpu_cpl)(struct vcpu *v);
};

/* The back ends virt_init chooses from, in this order. */
extern const struct virt_ops vmx_virt_ops;
extern const struct virt_ops svm_virt_ops;

#endif
