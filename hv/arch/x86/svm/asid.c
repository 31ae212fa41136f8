/*
 * ASIDs and TLB control (APM 15.16): each vCPU tags its TLB entries with
 * an ASID, so switching guests needs no flush. QEMU's TCG has only 16
 * ASIDs, so vCPUs share them round-robin; a vCPU that finds its ASID last
 * used by another, or its mappings changed, flushes it at VMRUN (by ASID
 * where the CPU can, else every ASID's entries).
 */
#include "hv/arch/x86/svm/svm_internal.h"

/* More than any scenario has guests: ASIDs above it stay unused. */
#define ASID_MAX 64u

static struct vcpu *owner[ASID_MAX];
static uint32_t next;

static uint32_t asid_count(void)
{
	return svm_caps.nasid < ASID_MAX ? svm_caps.nasid : ASID_MAX;
}

/* ASID 0 is the host's: VMRUN refuses it for a guest. */
uint32_t asid_assign(void)
{
	uint32_t asid = 1 + next % (asid_count() - 1);

	next++;
	return asid;
}

void asid_before_vmrun(struct vcpu *v)
{
	struct svm_vcpu *s = svm_of(v);

	if (owner[s->asid] != v) {
		owner[s->asid] = v;
		s->flush = true;
	}
	if (!s->flush) {
		s->vmcb->control.tlb_control = TLB_CONTROL_DO_NOTHING;
		return;
	}
	s->vmcb->control.tlb_control = svm_caps.flush_by_asid ?
		TLB_CONTROL_FLUSH_ASID : TLB_CONTROL_FLUSH_ALL_ASID;
	s->flush = false;
}

void asid_release(struct vcpu *v)
{
	struct svm_vcpu *s = svm_of(v);

	if (owner[s->asid] == v)
		owner[s->asid] = 0;
}
