/*
 * Entering VMX operation: check that the CPU has everything Ballast uses,
 * say exactly what is missing if not, then VMXON. Also the checked VMCS
 * accessors, the control adjustment against the capability MSRs, and the
 * back end's table of calls for virt.c (vmx_virt_ops).
 */
#include "hv/arch/x86/vmx/vmx_internal.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/virt_ops.h"
#include "hv/arch/x86/vmx/ept.h"
#include "hv/lib/printk.h"
#include "hv/lib/string.h"

struct vmx_caps vmx_caps;

static uint8_t vmxon_region[4096] __attribute__((aligned(4096)));

static const char *const width_names[] = { "16-bit", "64-bit", "32-bit",
					   "natural-width" };

static void check_width(enum vmcs_field f, enum vmcs_width want)
{
	unsigned w = (f >> VMCS_FIELD_WIDTH_SHIFT) & VMCS_FIELD_WIDTH_MASK;

	if (w != want)
		panic("VMCS field 0x%x is %s, accessed as %s", f,
		      width_names[w], width_names[want]);
}

static uint64_t vmcs_read(enum vmcs_field f, enum vmcs_width want)
{
	uint64_t v;

	check_width(f, want);
	if (!vmread_raw(f, &v))
		panic("VMREAD of field 0x%x failed", f);
	return v;
}

static void vmcs_write(enum vmcs_field f, enum vmcs_width want, uint64_t v)
{
	uint64_t err;

	check_width(f, want);
	if (vmwrite_raw(f, v))
		return;
	err = vmread_raw(VM_INSTRUCTION_ERROR, &err) ? err : 0;
	panic("VMWRITE of 0x%lx to field 0x%x failed (VM-instruction error %lu)",
	      v, f, err);
}

uint16_t vmcs_read16(enum vmcs_field f)
{
	return (uint16_t)vmcs_read(f, VMCS_WIDTH_16);
}

uint32_t vmcs_read32(enum vmcs_field f)
{
	return (uint32_t)vmcs_read(f, VMCS_WIDTH_32);
}

uint64_t vmcs_read64(enum vmcs_field f)
{
	return vmcs_read(f, VMCS_WIDTH_64);
}

uint64_t vmcs_readnat(enum vmcs_field f)
{
	return vmcs_read(f, VMCS_WIDTH_NATURAL);
}

void vmcs_write16(enum vmcs_field f, uint16_t v)
{
	vmcs_write(f, VMCS_WIDTH_16, v);
}

void vmcs_write32(enum vmcs_field f, uint32_t v)
{
	vmcs_write(f, VMCS_WIDTH_32, v);
}

void vmcs_write64(enum vmcs_field f, uint64_t v)
{
	vmcs_write(f, VMCS_WIDTH_64, v);
}

void vmcs_writenat(enum vmcs_field f, uint64_t v)
{
	vmcs_write(f, VMCS_WIDTH_NATURAL, v);
}

/*
 * A control MSR's low half has the bits that must be 1, its high half
 * the bits that may be 1 (SDM A.3). Returns false, naming the first
 * missing control, if one we need may not be set.
 */
static bool adjust_controls(const struct vmx_control *need, uint32_t msr,
			    uint32_t *out)
{
	uint64_t cap = rdmsr(msr);
	uint32_t must = (uint32_t)cap, may = (uint32_t)(cap >> 32);
	bool ok = true;

	*out = must;
	for (; need->name; need++) {
		if (!(may & need->bit)) {
			printk("ballast: VMX control missing: %s\n", need->name);
			ok = false;
		}
		*out |= need->bit;
	}
	*out &= may | must;
	return ok;
}

static const struct vmx_control pin_controls[] = {
	{ PIN_BASED_VMX_PREEMPTION_TIMER, "activate VMX-preemption timer" },
	{ 0, 0 },
};

static const struct vmx_control cpu_controls[] = {
	{ CPU_BASED_USE_TSC_OFFSETTING, "use TSC offsetting" },
	{ CPU_BASED_HLT_EXITING, "HLT exiting" },
	{ CPU_BASED_UNCOND_IO_EXITING, "unconditional I/O exiting" },
	{ CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, "activate secondary controls" },
	{ 0, 0 },
};

static const struct vmx_control secondary_controls[] = {
	{ SECONDARY_EXEC_ENABLE_EPT, "enable EPT" },
	{ 0, 0 },
};

static const struct vmx_control exit_controls[] = {
	{ VM_EXIT_HOST_ADDR_SPACE_SIZE, "host address-space size" },
	{ VM_EXIT_SAVE_IA32_EFER, "save IA32_EFER" },
	{ VM_EXIT_LOAD_IA32_EFER, "load IA32_EFER" },
	{ 0, 0 },
};

static const struct vmx_control entry_controls[] = {
	{ VM_ENTRY_IA32E_MODE, "IA-32e mode guest" },
	{ VM_ENTRY_LOAD_IA32_EFER, "load IA32_EFER" },
	{ 0, 0 },
};

static bool check_ept(void)
{
	static const struct vmx_control ept_caps[] = {
		{ VMX_EPT_PAGE_WALK_4_BIT, "EPT 4-level page walk" },
		{ VMX_EPTP_WB_BIT, "EPT write-back memory type" },
		{ VMX_EPT_INVEPT_BIT, "INVEPT" },
		{ VMX_EPT_EXTENT_CONTEXT_BIT, "INVEPT single-context" },
		{ 0, 0 },
	};
	uint64_t cap = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	bool ok = true;

	vmx_caps.ept_ad = (cap & VMX_EPT_AD_BIT) != 0;
	for (const struct vmx_control *c = ept_caps; c->name; c++) {
		if (!(cap & c->bit)) {
			printk("ballast: VMX feature missing: %s\n", c->name);
			ok = false;
		}
	}
	return ok;
}

static bool check_controls(void)
{
	uint64_t basic = rdmsr(MSR_IA32_VMX_BASIC);
	bool ok;

	if (!(basic & VMX_BASIC_TRUE_CTLS)) {
		printk("ballast: VMX feature missing: TRUE_* control MSRs\n");
		return false;
	}
	vmx_caps.revision = (uint32_t)(basic & VMX_BASIC_REVISION_MASK);
	ok = adjust_controls(pin_controls, MSR_IA32_VMX_TRUE_PINBASED_CTLS,
			     &vmx_caps.pin);
	ok &= adjust_controls(cpu_controls, MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
			      &vmx_caps.cpu);
	ok &= adjust_controls(secondary_controls, MSR_IA32_VMX_PROCBASED_CTLS2,
			      &vmx_caps.secondary);
	ok &= adjust_controls(exit_controls, MSR_IA32_VMX_TRUE_EXIT_CTLS,
			      &vmx_caps.exit);
	ok &= adjust_controls(entry_controls, MSR_IA32_VMX_TRUE_ENTRY_CTLS,
			      &vmx_caps.entry);
	ok &= check_ept();
	vmx_caps.cpu_may = (uint32_t)(rdmsr(MSR_IA32_VMX_TRUE_PROCBASED_CTLS) >> 32);
	if (!(vmx_caps.cpu_may & CPU_BASED_INTR_WINDOW_EXITING)) {
		printk("ballast: VMX control missing: interrupt-window exiting\n");
		ok = false;
	}
	vmx_caps.timer_shift = (unsigned)(rdmsr(MSR_IA32_VMX_MISC) &
					  VMX_MISC_PREEMPTION_TIMER_RATE_MASK);
	return ok;
}

static bool enable_in_feature_control(void)
{
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

	if (!(fc & FEATURE_CONTROL_LOCKED)) {
		wrmsr(MSR_IA32_FEATURE_CONTROL, fc | FEATURE_CONTROL_LOCKED |
					FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
		return true;
	}
	if (fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX)
		return true;
	printk("ballast: VMX is disabled by the firmware (IA32_FEATURE_CONTROL locked without VMXON outside SMX): enable VT-x in the BIOS setup\n");
	return false;
}

static void enter_vmx_operation(void)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();

	cr0 = (cr0 | rdmsr(MSR_IA32_VMX_CR0_FIXED0)) &
	      rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	cr4 = (cr4 | CR4_VMXE | rdmsr(MSR_IA32_VMX_CR4_FIXED0)) &
	      rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0) : "memory");
	write_cr4(cr4);
	memset(vmxon_region, 0, sizeof(vmxon_region));
	*(uint32_t *)vmxon_region = vmx_caps.revision;
	if (!vmxon((uint64_t)(uintptr_t)vmxon_region))
		panic("VMXON failed with a VMX-capable CPU and valid region");
}

static bool vmx_tracks_accessed(void)
{
	return vmx_caps.ept_ad;
}

/* VMCALL is what the guest stub calls by default. */
static uint32_t vmx_guest_flags(void)
{
	return 0;
}

static bool vmx_present(void)
{
	return (cpuid(1, 0).ecx & CPUID_1_ECX_VMX) != 0;
}

static int vmx_init(void)
{
	if (!enable_in_feature_control() || !check_controls())
		return ST_INVAL;
	enter_vmx_operation();
	printk("ballast: VMX on: VMCS revision 0x%x, preemption timer rate 2^%u, EPT accessed flags %s\n",
	       vmx_caps.revision, vmx_caps.timer_shift,
	       vmx_caps.ept_ad ? "on" : "absent (every mapped page counts as active)");
	return ST_OK;
}

const struct virt_ops vmx_virt_ops = {
	.missing = "this CPU has no VMX (VT-x)",
	.state_name = "VMCS",
	.present = vmx_present,
	.init = vmx_init,
	.tracks_accessed = vmx_tracks_accessed,
	.guest_flags = vmx_guest_flags,
	.stage2 = &ept_format.ops,
	.exit_name = vmx_exit_name,
	.reason_name = vmx_reason_name,
	.vcpu_init = vmx_vcpu_init,
	.vcpu_release = vmx_vcpu_release,
	.vcpu_run = vmx_vcpu_run,
	.vcpu_skip_instruction = vmx_skip_instruction,
	.vcpu_advance = vmx_advance,
	.vcpu_paging = vmx_paging,
	.vcpu_inject_interrupt = vmx_inject_interrupt,
	.vcpu_inject_exception = vmx_inject_exception,
	.vcpu_read_msr = vmx_read_msr,
	.vcpu_write_msr = vmx_write_msr,
	.vcpu_write_cr = vmx_write_cr,
	.vcpu_cr4 = vmx_cr4,
	.vcpu_interrupt_pending = vmx_interrupt_pending,
	.vcpu_interrupts_enabled = vmx_interrupts_enabled,
	.vcpu_flush_mappings = vmx_flush_mappings,
	.vcpu_dump = vmx_dump,
	.vcpu_rip = vmx_rip,
	.vcpu_cpl = vmx_cpl,
};
