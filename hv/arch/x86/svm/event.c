/*
 * Event injection (APM 15.20 and 15.21): the balloon interrupt goes in
 * through EVENTINJ when the guest can take it (RFLAGS.IF set, no interrupt
 * shadow); otherwise a virtual interrupt (V_IRQ) with the VINTR intercept
 * exits as soon as it could be taken, and it is injected then, as KVM's
 * svm_enable_irq_window does. An event whose delivery a #VMEXIT
 * interrupted (EXITINTINFO: a nested page fault on the guest's stack or
 * IDT, say) is injected again first, or a balloon interrupt is lost.
 */
#include "hv/arch/x86/svm/svm_internal.h"

#include "hv/arch/x86/cpu.h"

void svm_inject_interrupt(struct vcpu *v, uint8_t vector)
{
	svm_of(v)->intr_pending = true;
	svm_of(v)->intr_vector = vector;
}

bool svm_interrupt_pending(struct vcpu *v)
{
	return svm_of(v)->intr_pending;
}

bool svm_interrupts_enabled(struct vcpu *v)
{
	return svm_of(v)->vmcb->save.rflags & RFLAGS_IF;
}

/* A software interrupt (INT n) is not injected again: RIP still points
 * at the instruction, which runs again. */
void svm_save_exitintinfo(struct vcpu *v)
{
	struct svm_vcpu *s = svm_of(v);
	uint64_t info = s->vmcb->control.exitintinfo;

	if (!(info & EVENT_VALID) ||
	    (info & EVENT_TYPE_MASK) == EVENT_TYPE_SOFT_INT)
		return;
	s->exitintinfo = info;
}

static bool guest_accepts_interrupts(const struct vmcb *vmcb)
{
	return (vmcb->save.rflags & RFLAGS_IF) &&
	       !(vmcb->control.interrupt_shadow & INTERRUPT_SHADOW);
}

static void open_window(struct svm_vcpu *s)
{
	if (s->window)
		return;
	s->vmcb->control.vintr = V_INTR_MASKING | V_IRQ | V_IGN_TPR |
				 V_INTR_PRIO_MASK |
				 ((uint64_t)s->intr_vector << V_INTR_VECTOR_SHIFT);
	s->vmcb->control.intercept_misc1 |= INTERCEPT_VINTR;
	s->window = true;
}

void svm_close_window(struct vcpu *v)
{
	struct svm_vcpu *s = svm_of(v);

	s->vmcb->control.vintr = V_INTR_MASKING;
	s->vmcb->control.intercept_misc1 &= ~INTERCEPT_VINTR;
	s->window = false;
}

void svm_deliver_events(struct vcpu *v)
{
	struct svm_vcpu *s = svm_of(v);

	if (s->exitintinfo || s->exc_inject) {
		s->vmcb->control.eventinj = s->exitintinfo ? s->exitintinfo
							   : s->exc_inject;
		if (s->exitintinfo)
			v->events_reinjected++;
		else
			s->exc_inject = 0;
		s->exitintinfo = 0;
		if (s->intr_pending)
			open_window(s);
		return;
	}
	if (!s->intr_pending)
		return;
	if (!guest_accepts_interrupts(s->vmcb)) {
		open_window(s);
		return;
	}
	if (s->window)
		svm_close_window(v);
	s->vmcb->control.eventinj = s->intr_vector | EVENT_TYPE_INTR |
				    EVENT_VALID;
	s->intr_pending = false;
	v->irqs_injected++;
}
