/*
 * One VMCB per vCPU: the intercepts, nested paging, the ASID, and the
 * initial guest state of a 64-bit guest with paging on (the layout the
 * guest finds is in include/ballast/guest.h). VMRUN checks the state
 * (APM 15.5.1); a guest that gets it wrong exits with VMEXIT_INVALID.
 */
#include "hv/arch/x86/svm/svm_internal.h"

#include <stddef.h>

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/gdt.h"
#include "hv/lib/string.h"

_Static_assert(sizeof(struct vmcb_segment) == 16, "VMCB segment layout");
_Static_assert(offsetof(struct vmcb_control, intercept_misc1) == 0x00c, "VMCB 0x00c");
_Static_assert(offsetof(struct vmcb_control, intercept_misc2) == 0x010, "VMCB 0x010");
_Static_assert(offsetof(struct vmcb_control, iopm_base_pa) == 0x040, "VMCB 0x040");
_Static_assert(offsetof(struct vmcb_control, msrpm_base_pa) == 0x048, "VMCB 0x048");
_Static_assert(offsetof(struct vmcb_control, tsc_offset) == 0x050, "VMCB 0x050");
_Static_assert(offsetof(struct vmcb_control, guest_asid) == 0x058, "VMCB 0x058");
_Static_assert(offsetof(struct vmcb_control, tlb_control) == 0x05c, "VMCB 0x05c");
_Static_assert(offsetof(struct vmcb_control, vintr) == 0x060, "VMCB 0x060");
_Static_assert(offsetof(struct vmcb_control, interrupt_shadow) == 0x068, "VMCB 0x068");
_Static_assert(offsetof(struct vmcb_control, exitcode) == 0x070, "VMCB 0x070");
_Static_assert(offsetof(struct vmcb_control, exitinfo1) == 0x078, "VMCB 0x078");
_Static_assert(offsetof(struct vmcb_control, exitinfo2) == 0x080, "VMCB 0x080");
_Static_assert(offsetof(struct vmcb_control, exitintinfo) == 0x088, "VMCB 0x088");
_Static_assert(offsetof(struct vmcb_control, np_control) == 0x090, "VMCB 0x090");
_Static_assert(offsetof(struct vmcb_control, eventinj) == 0x0a8, "VMCB 0x0a8");
_Static_assert(offsetof(struct vmcb_control, n_cr3) == 0x0b0, "VMCB 0x0b0");
_Static_assert(offsetof(struct vmcb_control, vmcb_clean) == 0x0c0, "VMCB 0x0c0");
_Static_assert(offsetof(struct vmcb_control, nrip) == 0x0c8, "VMCB 0x0c8");
_Static_assert(sizeof(struct vmcb_control) == 0x400, "the control area is 1 KiB");
_Static_assert(offsetof(struct vmcb, save.cs) == 0x410, "VMCB 0x410");
_Static_assert(offsetof(struct vmcb, save.tr) == 0x490, "VMCB 0x490");
_Static_assert(offsetof(struct vmcb, save.cpl) == 0x4cb, "VMCB 0x4cb");
_Static_assert(offsetof(struct vmcb, save.efer) == 0x4d0, "VMCB 0x4d0");
_Static_assert(offsetof(struct vmcb, save.cr4) == 0x548, "VMCB 0x548");
_Static_assert(offsetof(struct vmcb, save.rflags) == 0x570, "VMCB 0x570");
_Static_assert(offsetof(struct vmcb, save.rip) == 0x578, "VMCB 0x578");
_Static_assert(offsetof(struct vmcb, save.rsp) == 0x5d8, "VMCB 0x5d8");
_Static_assert(offsetof(struct vmcb, save.rax) == 0x5f8, "VMCB 0x5f8");
_Static_assert(offsetof(struct vmcb, save.cr2) == 0x640, "VMCB 0x640");
_Static_assert(offsetof(struct vmcb, save.g_pat) == 0x668, "VMCB 0x668");
_Static_assert(sizeof(struct vmcb) == 4096, "a VMCB is one page");

/* The reset value of the PAT: write-back first, as the guest expects. */
#define PAT_RESET 0x0007040600070406ull

/* What exits: everything the VMX back end exits on without asking, every
 * SVM instruction (a guest with EFER.SVME could reach host memory with
 * VMLOAD or VMSAVE), I/O and MSRs through all-ones maps, XSETBV (XCR0
 * is switched between guests, fpu.c), and a guest stub's writes to CR0
 * and CR4, which the VMX back end owns the fixed bits of. A kernel guest
 * (one with its own GDT) owns its CR0 and CR4: memtest86+ rewrites CR0
 * (ET, then CD for its cache tests) and Linux sets CR4's features, which
 * SVM could only check with decode assists (the source register), which
 * neither Bochs nor QEMU has; the CPU itself refuses a reserved bit with
 * #GP, and nested paging keeps the host safe whatever they hold. */
static void setup_intercepts(struct vmcb_control *c, const struct vcpu_start *st)
{
	c->intercept_cr = st->gdt_limit ? 0 : 1u << (INTERCEPT_CR_WRITE_SHIFT + 0) |
						  1u << (INTERCEPT_CR_WRITE_SHIFT + 4);
	c->intercept_misc1 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI |
			     INTERCEPT_INIT | INTERCEPT_CPUID | INTERCEPT_INVD |
			     INTERCEPT_HLT | INTERCEPT_INVLPGA |
			     INTERCEPT_IOIO_PROT | INTERCEPT_MSR_PROT |
			     INTERCEPT_TASK_SWITCH | INTERCEPT_SHUTDOWN;
	c->intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL |
			     INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
			     INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT |
			     INTERCEPT_XSETBV;
	c->iopm_base_pa = svm_iopm_pa;
	c->msrpm_base_pa = svm_msrpm_pa;
	/* Physical interrupts are masked by the host's IF, not the guest's,
	 * so the slice timer interrupts a guest with interrupts off too. */
	c->vintr = V_INTR_MASKING;
	c->np_control = NP_ENABLE;
}

static void set_segment(struct vmcb_segment *s, uint16_t sel, uint16_t attrib)
{
	s->selector = sel;
	s->attrib = attrib;
	s->limit = 0xffffffffu;
	s->base = 0;
}

/* A kernel guest names its own GDT and flat selectors in it
 * (include/ballast/linux_boot.h); a guest stub none. */
static void setup_guest_state(struct vmcb_save *s, const struct vcpu_start *st)
{
	uint16_t cs = st->cs ? st->cs : GDT_KERNEL_CS;
	uint16_t ds = st->ds ? st->ds : GDT_KERNEL_DS;

	set_segment(&s->cs, cs, SVM_ATTR_CODE64);
	set_segment(&s->ss, ds, SVM_ATTR_DATA);
	set_segment(&s->ds, ds, SVM_ATTR_DATA);
	set_segment(&s->es, ds, SVM_ATTR_DATA);
	set_segment(&s->fs, ds, SVM_ATTR_DATA);
	set_segment(&s->gs, ds, SVM_ATTR_DATA);
	s->ldtr = (struct vmcb_segment){ 0, SVM_ATTR_LDT, 0, 0 };
	s->tr = (struct vmcb_segment){ 0, SVM_ATTR_TSS64_BUSY, 0x67, 0 };
	s->gdtr = (struct vmcb_segment){ 0, 0, st->gdt_limit, st->gdt_base };
	s->idtr = (struct vmcb_segment){ 0, 0, 0, 0 };
	s->cpl = 0;
	/* VMRUN refuses a guest without EFER.SVME (APM 15.5.1). */
	s->efer = EFER_LME | EFER_LMA | EFER_SVME;
	/* ET reads as 1 on AMD64 (APM vol. 2, 3.1.1), as the CPU would
	 * make it at the guest's first MOV to CR0. */
	s->cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_PG;
	s->cr3 = st->cr3;
	s->cr4 = CR4_PAE;
	s->dr6 = 0xffff0ff0u;
	s->dr7 = 0x400;
	s->rflags = RFLAGS_RESERVED_1;
	s->rip = st->rip;
	s->rsp = st->rsp;
	s->g_pat = PAT_RESET;
}

int svm_vcpu_init(struct vcpu *v, const struct vcpu_start *start, mfn_t vmcb)
{
	struct svm_vcpu *s = svm_of(v);

	memset(v, 0, sizeof(*v));
	memset(mfn_ptr(vmcb), 0, PAGE_SIZE);
	s->vmcb = mfn_ptr(vmcb);
	s->asid = asid_assign();
	s->flush = true;
	setup_intercepts(&s->vmcb->control, start);
	s->vmcb->control.guest_asid = s->asid;
	s->vmcb->control.n_cr3 = start->stage2_root << PAGE_SHIFT;
	setup_guest_state(&s->vmcb->save, start);
	v->regs.rdi = start->rdi;
	v->regs.rsi = start->rsi;
	return ST_OK;
}

/* A VMCB holds no state the CPU caches elsewhere (VMRUN reads it whole
 * when the clean bits are 0, as here), so the page may go back at once;
 * only its ASID's TLB entries must not serve the next owner. */
void svm_vcpu_release(struct vcpu *v)
{
	asid_release(v);
}
