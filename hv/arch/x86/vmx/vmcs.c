/*
 * One VMCS per vCPU: the controls, the host state the CPU returns to at
 * every VM exit, and the initial guest state of a 64-bit guest with paging
 * on (the layout the guest finds is in include/ballast/guest.h).
 */
#include "hv/arch/x86/vmx/vmx_internal.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/gdt.h"
#include "hv/arch/x86/trap.h"
#include "hv/arch/x86/vmx/ept.h"
#include "hv/lib/printk.h"
#include "hv/lib/string.h"

extern char vmx_exit[];

static uint64_t current_vmcs;

void vmcs_make_current(struct vcpu *v)
{
	uint64_t vmcs = vmx_of(v)->vmcs;

	if (current_vmcs == vmcs)
		return;
	if (!vmptrld(vmcs))
		panic("VMPTRLD of VMCS 0x%lx failed", vmcs);
	current_vmcs = vmcs;
}

static void setup_controls(uint64_t eptp)
{
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, vmx_caps.pin);
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, vmx_caps.cpu);
	vmcs_write32(SECONDARY_VM_EXEC_CONTROL, vmx_caps.secondary);
	vmcs_write32(VM_EXIT_CONTROLS, vmx_caps.exit);
	vmcs_write32(VM_ENTRY_CONTROLS, vmx_caps.entry);
	vmcs_write32(EXCEPTION_BITMAP, 0);
	vmcs_write32(CR3_TARGET_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write64(EPT_POINTER, eptp);
	vmcs_write64(VMCS_LINK_POINTER, ~0ull);
}

static void setup_host_state(void)
{
	vmcs_writenat(HOST_CR0, read_cr0());
	vmcs_writenat(HOST_CR3, read_cr3());
	vmcs_writenat(HOST_CR4, read_cr4());
	vmcs_write16(HOST_CS_SELECTOR, GDT_KERNEL_CS);
	vmcs_write16(HOST_SS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(HOST_DS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(HOST_ES_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(HOST_FS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(HOST_GS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(HOST_TR_SELECTOR, GDT_TSS);
	vmcs_writenat(HOST_FS_BASE, 0);
	vmcs_writenat(HOST_GS_BASE, 0);
	vmcs_writenat(HOST_TR_BASE, tss_base());
	vmcs_writenat(HOST_GDTR_BASE, gdt_base());
	vmcs_writenat(HOST_IDTR_BASE, idt_base());
	vmcs_write32(HOST_IA32_SYSENTER_CS, 0);
	vmcs_writenat(HOST_IA32_SYSENTER_ESP, 0);
	vmcs_writenat(HOST_IA32_SYSENTER_EIP, 0);
	vmcs_write64(HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	vmcs_writenat(HOST_RIP, (uint64_t)(uintptr_t)vmx_exit);
}

static void setup_segment(enum vmcs_field selector, uint16_t sel,
			  uint32_t ar)
{
	/* Selector, base, limit and access-rights fields of one segment
	 * register are at the same offsets in their field groups. */
	unsigned i = (selector - GUEST_ES_SELECTOR) / 2;

	vmcs_write16(selector, sel);
	vmcs_writenat(GUEST_ES_BASE + 2 * i, 0);
	vmcs_write32(GUEST_ES_LIMIT + 2 * i, 0xffffffff);
	vmcs_write32(GUEST_ES_AR_BYTES + 2 * i, ar);
}

/* CR0 and CR4 bits fixed in VMX operation are owned by the hypervisor
 * (guest writes to them exit); the guest reads its own values. */
static void setup_control_registers(uint64_t cr3)
{
	uint64_t cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	uint64_t cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	uint64_t cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	uint64_t cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	uint64_t cr0 = (CR0_PE | CR0_NE | CR0_PG | cr0_fixed0) & cr0_fixed1;
	uint64_t cr4 = (CR4_PAE | cr4_fixed0) & cr4_fixed1;

	vmcs_writenat(GUEST_CR0, cr0);
	vmcs_writenat(CR0_GUEST_HOST_MASK, (cr0_fixed0 | ~cr0_fixed1) & 0xffffffffull);
	vmcs_writenat(CR0_READ_SHADOW, cr0);
	vmcs_writenat(GUEST_CR4, cr4);
	vmcs_writenat(CR4_GUEST_HOST_MASK, (cr4_fixed0 | ~cr4_fixed1) & 0xffffffffull);
	vmcs_writenat(CR4_READ_SHADOW, cr4 & ~CR4_VMXE);
	vmcs_writenat(GUEST_CR3, cr3);
	vmcs_write64(GUEST_IA32_EFER, EFER_LME | EFER_LMA);
}

static void setup_guest_state(const struct vcpu_start *s)
{
	uint16_t cs = s->cs ? s->cs : GDT_KERNEL_CS;
	uint16_t ds = s->ds ? s->ds : GDT_KERNEL_DS;

	setup_control_registers(s->cr3);
	setup_segment(GUEST_CS_SELECTOR, cs, VMX_AR_CODE64);
	setup_segment(GUEST_SS_SELECTOR, ds, VMX_AR_DATA);
	setup_segment(GUEST_DS_SELECTOR, ds, VMX_AR_DATA);
	setup_segment(GUEST_ES_SELECTOR, ds, VMX_AR_DATA);
	setup_segment(GUEST_FS_SELECTOR, ds, VMX_AR_DATA);
	setup_segment(GUEST_GS_SELECTOR, ds, VMX_AR_DATA);
	setup_segment(GUEST_LDTR_SELECTOR, 0, VMX_AR_UNUSABLE);
	vmcs_write16(GUEST_TR_SELECTOR, 0);
	vmcs_writenat(GUEST_TR_BASE, 0);
	vmcs_write32(GUEST_TR_LIMIT, 0x67);
	vmcs_write32(GUEST_TR_AR_BYTES, VMX_AR_TSS64_BUSY);
	vmcs_writenat(GUEST_GDTR_BASE, s->gdt_base);
	vmcs_write32(GUEST_GDTR_LIMIT, s->gdt_limit);
	vmcs_writenat(GUEST_IDTR_BASE, 0);
	vmcs_write32(GUEST_IDTR_LIMIT, 0);
	vmcs_writenat(GUEST_DR7, 0x400);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writenat(GUEST_SYSENTER_ESP, 0);
	vmcs_writenat(GUEST_SYSENTER_EIP, 0);
	vmcs_writenat(GUEST_RSP, s->rsp);
	vmcs_writenat(GUEST_RIP, s->rip);
	vmcs_writenat(GUEST_RFLAGS, RFLAGS_RESERVED_1);
	vmcs_writenat(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write32(GUEST_ACTIVITY_STATE, 0);
}

int vmx_vcpu_init(struct vcpu *v, const struct vcpu_start *start, mfn_t vmcs)
{
	struct vmx_vcpu *x = vmx_of(v);

	memset(v, 0, sizeof(*v));
	x->vmcs = vmcs << PAGE_SHIFT;
	x->eptp = ept_eptp(start->stage2_root, vmx_caps.ept_ad);
	memset(mfn_ptr(vmcs), 0, PAGE_SIZE);
	*(uint32_t *)mfn_ptr(vmcs) = vmx_caps.revision;
	if (!vmclear(x->vmcs))
		return ST_INVAL;
	current_vmcs = 0;
	vmcs_make_current(v);
	setup_controls(x->eptp);
	setup_host_state();
	setup_guest_state(start);
	v->regs.rdi = start->rdi;
	v->regs.rsi = start->rsi;
	return ST_OK;
}

/*
 * Before its page is reused, a VMCS must be cleared (SDM 24.11.1): the
 * CPU may keep a current VMCS's data elsewhere and write it back to the
 * region later. Bochs keeps it in the region itself, but KVM's nested VMX
 * writes its cached copy over the page at the next VMPTRLD, which wrote
 * the VMCS revision over the page allocator's free list.
 */
void vmx_vcpu_release(struct vcpu *v)
{
	uint64_t vmcs = vmx_of(v)->vmcs;

	vmx_forget_msrs(v);
	if (!vmclear(vmcs))
		panic("VMCLEAR of VMCS 0x%lx failed", vmcs);
	if (current_vmcs == vmcs)
		current_vmcs = 0;
}
