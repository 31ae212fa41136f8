/*
 * Running a vCPU under VMX: arm the preemption timer, inject pending
 * events, enter, and decode the VM exit into the arch-neutral struct
 * vm_exit (hv/arch/x86/virt.h). Also the guest-state dump printed when a
 * guest is stopped (the reasons' names are in exit_reason.c).
 */
#include "hv/arch/x86/vmx/vmx_internal.h"

#include "hv/arch/x86/cpu.h"
#include "hv/lib/printk.h"

static void decode_ept_violation(struct vm_exit *e)
{
	e->kind = EXIT_MEM_FAULT;
	e->gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
	e->access = 0;
	if (e->qualification & EPT_VIOLATION_ACC_READ)
		e->access |= MEM_ACCESS_READ;
	if (e->qualification & EPT_VIOLATION_ACC_WRITE)
		e->access |= MEM_ACCESS_WRITE;
	if (e->qualification & EPT_VIOLATION_ACC_INSTR)
		e->access |= MEM_ACCESS_EXEC;
}

static void decode_io(struct vm_exit *e)
{
	e->kind = EXIT_IO;
	e->io_size = (uint8_t)((e->qualification & IO_QUAL_SIZE_MASK) + 1);
	e->io_in = (e->qualification & IO_QUAL_IN) != 0;
	e->io_string = (e->qualification & IO_QUAL_STRING) != 0;
	e->port = (uint16_t)((e->qualification >> IO_QUAL_PORT_SHIFT) &
			     IO_QUAL_PORT_MASK);
}

/* Only MOV to CR0/CR4 can exit: CR3 loads do not, CLTS and LMSW cannot
 * change the bits the hypervisor owns (SDM table 28-3). */
static void decode_cr(struct vm_exit *e)
{
	uint64_t q = e->qualification;

	e->kind = (q & CR_QUAL_ACCESS_MASK) == CR_QUAL_MOV_TO ? EXIT_CR_WRITE
							      : EXIT_UNHANDLED;
	e->cr = (uint8_t)(q & CR_QUAL_CR_MASK);
	e->gpr = (uint8_t)((q >> CR_QUAL_GPR_SHIFT) & CR_QUAL_GPR_MASK);
}

static void decode_exit(struct vm_exit *e)
{
	uint32_t raw = vmcs_read32(VM_EXIT_REASON);

	e->reason = raw & VMX_EXIT_REASON_BASIC_MASK;
	e->qualification = vmcs_readnat(EXIT_QUALIFICATION);
	if (raw & VMX_EXIT_REASON_FAILED_VMENTRY) {
		e->kind = EXIT_FAILED_ENTRY;
		return;
	}
	switch (e->reason) {
	case EXIT_REASON_VMCALL:
		e->kind = EXIT_HYPERCALL;
		break;
	case EXIT_REASON_EPT_VIOLATION:
		decode_ept_violation(e);
		break;
	case EXIT_REASON_IO_INSTRUCTION:
		decode_io(e);
		break;
	case EXIT_REASON_CPUID:
		e->kind = EXIT_CPUID;
		break;
	case EXIT_REASON_MSR_READ:
		e->kind = EXIT_MSR_READ;
		break;
	case EXIT_REASON_MSR_WRITE:
		e->kind = EXIT_MSR_WRITE;
		break;
	case EXIT_REASON_CR_ACCESS:
		decode_cr(e);
		break;
	case EXIT_REASON_XSETBV:
		e->kind = EXIT_XSETBV;
		break;
	case EXIT_REASON_HLT:
		e->kind = EXIT_HALT;
		break;
	case EXIT_REASON_PREEMPTION_TIMER:
		e->kind = EXIT_TIMER;
		break;
	case EXIT_REASON_TRIPLE_FAULT:
		e->kind = EXIT_SHUTDOWN;
		break;
	case EXIT_REASON_INTERRUPT_WINDOW:
		e->kind = EXIT_INTR_WINDOW;
		break;
	default:
		e->kind = EXIT_UNHANDLED;
	}
}

void vmx_inject_interrupt(struct vcpu *v, uint8_t vector)
{
	vmx_of(v)->intr_pending = true;
	vmx_of(v)->intr_vector = vector;
}

/* Held until the guest can take it (an event an exit interrupted is
 * injected again besides, vectoring_info). */
bool vmx_interrupt_pending(struct vcpu *v)
{
	return vmx_of(v)->intr_pending;
}

bool vmx_interrupts_enabled(struct vcpu *v)
{
	vmcs_make_current(v);
	return vmcs_readnat(GUEST_RFLAGS) & RFLAGS_IF;
}

static bool is_software_event(uint32_t info)
{
	uint32_t type = info & INTR_INFO_TYPE_MASK;

	return type == INTR_TYPE_SOFT_INTR ||
	       type == INTR_TYPE_PRIV_SW_EXCEPTION ||
	       type == INTR_TYPE_SOFT_EXCEPTION;
}

/* A VM exit in the middle of delivering an event (an EPT violation on the
 * guest's stack or IDT page, say) drops the event: the CPU reports it in
 * the IDT-vectoring information (SDM 27.2.4) and the hypervisor must
 * inject it again at the next entry (SDM 26.6), as Linux's
 * __vmx_complete_interrupts does, or a balloon interrupt is lost. */
static void save_vectoring_event(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx_of(v);
	uint32_t info = vmcs_read32(IDT_VECTORING_INFO_FIELD);

	if (!(info & INTR_INFO_VALID_MASK))
		return;
	x->vectoring_info = info & (INTR_INFO_VALID_MASK |
				    INTR_INFO_DELIVER_CODE_MASK |
				    INTR_INFO_TYPE_MASK | INTR_INFO_VECTOR_MASK);
	if (info & INTR_INFO_DELIVER_CODE_MASK)
		x->vectoring_error = vmcs_read32(IDT_VECTORING_ERROR_CODE);
	if (is_software_event(info))
		x->vectoring_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
}

static void reinject_event(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx_of(v);
	uint32_t info = x->vectoring_info;

	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, info);
	if (info & INTR_INFO_DELIVER_CODE_MASK)
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE, x->vectoring_error);
	if (is_software_event(info))
		vmcs_write32(VM_ENTRY_INSTRUCTION_LEN, x->vectoring_len);
	x->vectoring_info = 0;
	v->events_reinjected++;
}

static bool guest_accepts_interrupts(void)
{
	return (vmcs_readnat(GUEST_RFLAGS) & RFLAGS_IF) &&
	       !(vmcs_read32(GUEST_INTERRUPTIBILITY_INFO) &
		 (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

/* Injects first an event a VM exit interrupted, then a pending interrupt
 * if the guest can take it now; otherwise asks for an interrupt-window
 * exit, which comes as soon as it can (SDM 26.7.5). The control word is
 * written only when the window request changes. */
static void deliver_interrupt(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx_of(v);
	bool window = false;

	if (x->vectoring_info) {
		reinject_event(v);
		window = x->intr_pending;
	} else if (x->exc_info) {
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, x->exc_info);
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE, x->exc_error);
		x->exc_info = 0;
		window = x->intr_pending;
	} else if (x->intr_pending && guest_accepts_interrupts()) {
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD,
			     x->intr_vector | INTR_TYPE_EXT_INTR |
				     INTR_INFO_VALID_MASK);
		x->intr_pending = false;
		v->irqs_injected++;
	} else if (x->intr_pending) {
		window = true;
	}
	if (window == x->window_exiting)
		return;
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL,
		     vmx_caps.cpu | (window ? CPU_BASED_INTR_WINDOW_EXITING : 0));
	x->window_exiting = window;
}

void vmx_vcpu_run(struct vcpu *v, uint64_t slice_cycles, struct vm_exit *e)
{
	uint64_t ticks = slice_cycles >> vmx_caps.timer_shift;

	vmcs_make_current(v);
	vmx_load_msrs(v);
	deliver_interrupt(v);
	vmcs_write64(TSC_OFFSET, v->tsc_offset);
	vmcs_write32(VMX_PREEMPTION_TIMER_VALUE,
		     ticks > 0xffffffffull ? 0xffffffffu : (uint32_t)ticks);
	if (vmx_enter(&v->regs, vmx_of(v)->launched)) {
		/* VMfailValid: the VMCS's controls or host state are wrong,
		 * which no guest can cause. Report it as a failed entry of
		 * this guest so that only it stops. */
		e->kind = EXIT_FAILED_ENTRY;
		e->reason = 0;
		e->qualification = vmcs_read32(VM_INSTRUCTION_ERROR);
		printk("ballast: VMLAUNCH/VMRESUME failed, VM-instruction error %lu\n",
		       e->qualification);
		return;
	}
	vmx_of(v)->launched = true;
	decode_exit(e);
	if (e->kind != EXIT_FAILED_ENTRY)
		save_vectoring_event(v);
}

void vmx_skip_instruction(struct vcpu *v)
{
	vmcs_make_current(v);
	vmcs_writenat(GUEST_RIP, vmcs_readnat(GUEST_RIP) +
					 vmcs_read32(VM_EXIT_INSTRUCTION_LEN));
}

void vmx_advance(struct vcpu *v, unsigned len)
{
	vmcs_make_current(v);
	vmcs_writenat(GUEST_RIP, vmcs_readnat(GUEST_RIP) + len);
}

/* EFER.LMA is the "IA-32e mode guest" entry control, which every VM exit
 * sets to it (SDM 27.2): no MSR save area needed. */
void vmx_paging(struct vcpu *v, struct guest_paging *pg)
{
	vmcs_make_current(v);
	pg->cr0 = vmcs_readnat(GUEST_CR0);
	pg->cr3 = vmcs_readnat(GUEST_CR3);
	pg->cr4 = vmcs_readnat(GUEST_CR4);
	pg->efer = (vmcs_read32(VM_ENTRY_CONTROLS) & VM_ENTRY_IA32E_MODE) ? EFER_LME | EFER_LMA : 0;
}

uint64_t vmx_rip(struct vcpu *v)
{
	vmcs_make_current(v);
	return vmcs_readnat(GUEST_RIP);
}

/* The CPL is SS.DPL (SDM 5.5: on every CPL change the CPU loads SS with
 * RPL = DPL = CPL), as KVM's vmx_get_cpl reads it; CS.RPL is the same in
 * 64-bit mode, but SS's access rights are what VM entry checks. */
unsigned vmx_cpl(struct vcpu *v)
{
	vmcs_make_current(v);
	return (vmcs_read32(GUEST_SS_AR_BYTES) >> VMX_AR_DPL_SHIFT) &
	       VMX_AR_DPL_MASK;
}

void vmx_flush_mappings(struct vcpu *v)
{
	uint64_t eptp = vmx_of(v)->eptp;

	if (!invept(INVEPT_SINGLE_CONTEXT, eptp))
		panic("INVEPT single-context of EPTP 0x%lx failed", eptp);
}

void vmx_dump(struct vcpu *v)
{
	const struct vcpu_regs *r = &v->regs;

	vmcs_make_current(v);
	printk("  rip %016lx  rsp %016lx  rflags %016lx\n",
	       vmcs_readnat(GUEST_RIP), vmcs_readnat(GUEST_RSP),
	       vmcs_readnat(GUEST_RFLAGS));
	printk("  cr0 %016lx  cr3 %016lx  cr4 %016lx  efer %016lx\n",
	       vmcs_readnat(GUEST_CR0), vmcs_readnat(GUEST_CR3),
	       vmcs_readnat(GUEST_CR4), vmcs_read64(GUEST_IA32_EFER));
	printk("  cs %04x ar %05x  ss %04x ar %05x  tr %04x ar %05x\n",
	       vmcs_read16(GUEST_CS_SELECTOR), vmcs_read32(GUEST_CS_AR_BYTES),
	       vmcs_read16(GUEST_SS_SELECTOR), vmcs_read32(GUEST_SS_AR_BYTES),
	       vmcs_read16(GUEST_TR_SELECTOR), vmcs_read32(GUEST_TR_AR_BYTES));
	printk("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n", r->rax,
	       r->rbx, r->rcx, r->rdx);
	printk("  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n", r->rsi,
	       r->rdi, r->rbp, r->r8);
}
