# Module lists: the sources of each piece of the tree, named once (Bao's
# objects.mk). The Makefile reads this fragment before the others. The
# hypervisor (mk/hv.mk), the guest stub (mk/guest.mk) and the UEFI loader
# (mk/efi.mk) link modules, and each host unit test, fuzzer and tool
# names the modules it needs, so a file that moves, splits or is renamed
# changes here alone. A module lists its own files only: who uses P2M
# names EPT and PMEM too (the tables it walks, the pages they come from).

# boot/
MB2_ENTRY_SRCS := boot/multiboot/entry.S boot/multiboot/start.c
MB2_SRCS := boot/multiboot/mb2.c
EFI_LOADER_SRCS := boot/efi/main.c boot/efi/files.c boot/efi/handoff.c
EFI_ELF_SRCS := boot/efi/elf.c
EFI_BOOTMAP_SRCS := boot/efi/bootmap.c
EFI_SCNNAME_SRCS := boot/efi/scnname.c

# hv/core/: the guest lifecycle, the swapper and the memory controller's
# ops also build on the host (over tests/unit/hv_stubs.c); the rest only
# in the hypervisor.
CORE_SRCS := hv/core/main.c hv/core/clock.c hv/core/console.c \
	hv/core/memctl.c hv/core/trace.c hv/core/exit.c hv/core/hypercall.c \
	hv/core/block.c \
	hv/core/sched.c hv/core/summary.c hv/core/memctl_control.c
# The models of a PC's devices a kernel guest probes (hv/core/guest_dev.h).
GUEST_DEV_SRCS := hv/dev/i8254.c hv/dev/i8259.c hv/dev/ns16550.c hv/dev/i8042.c \
	hv/dev/mc146818.c hv/dev/acpi_pm.c
# A guest, and a kernel guest's boot (linux_*) and devices (guest_dev,
# guest_console, the models in GUEST_DEV_SRCS).
CORE_GUEST_SRCS := hv/core/guest.c hv/core/linux_guest.c hv/core/linux_boot.c hv/dev/acpi.c \
	hv/core/guest_dev.c hv/core/guest_msr.c hv/core/guest_irq.c hv/core/guest_console.c \
	$(GUEST_DEV_SRCS)
LINUX_BOOT_SRCS := hv/core/linux_boot.c
GUEST_CONSOLE_SRCS := hv/core/guest_console.c
CORE_SWAPPER_SRCS := hv/core/swapper.c hv/core/disk_queue.c
# MMIO emulation and the virtio-balloon behind it (issue 14).
CORE_MMIO_SRCS = hv/core/mmio.c $(INSN_SRCS) $(GUEST_WALK_SRCS) $(VIRTIO_SRCS)
MEMCTL_OPS_SRCS := hv/core/memctl_ops.c

# hv/mm/: no hardware.
PMEM_SRCS := hv/mm/pmem.c
MEMMAP_SRCS := hv/mm/memmap.c
P2M_SRCS := hv/mm/p2m.c
FAULT_SRCS := hv/mm/fault.c
BALLOON_SRCS := hv/mm/balloon.c
SWAP_AREA_SRCS := hv/mm/swap_area.c
VICTIMS_SRCS := hv/mm/victims.c
VICTIM_INDEX_SRCS := hv/mm/victim_index.c
RECLAIM_SRCS := hv/mm/reclaim.c
SCENARIO_SRCS := hv/mm/scenario.c hv/mm/scenario_keys.c \
	hv/mm/scenario_lex.c hv/mm/scenario_values.c
POLICY_SRCS := hv/mm/policy.c
# The plane's controls, checked and applied to the policy's inputs.
CONTROL_SRCS := hv/mm/control.c
PRNG_SRCS := hv/mm/prng.c

# hv/arch/x86/ and its vmx/
X86_SRCS := hv/arch/x86/cpuid.c hv/arch/x86/gdt.c hv/arch/x86/trap.c \
	hv/arch/x86/trap_entry.S hv/arch/x86/power.c hv/arch/x86/fpu.c \
	hv/arch/x86/mmio.c
VMX_SRCS := hv/arch/x86/vmx/vmcs.c hv/arch/x86/vmx/vmexit.c \
	hv/arch/x86/vmx/vmx.c hv/arch/x86/vmx/vmx_msr.c hv/arch/x86/vmx/vmx_entry.S
EPT_SRCS := hv/arch/x86/s2_table.c hv/arch/x86/vmx/ept.c
EXIT_REASON_SRCS := hv/arch/x86/vmx/exit_reason.c
INSN_SRCS := hv/arch/x86/insn.c
GUEST_WALK_SRCS := hv/arch/x86/guest_walk.c
# hv/arch/x86/svm/, and the local APIC timer that times its slices
SVM_SRCS := hv/arch/x86/svm/svm.c hv/arch/x86/svm/vmcb.c \
	hv/arch/x86/svm/vmexit.c hv/arch/x86/svm/event.c \
	hv/arch/x86/svm/asid.c hv/arch/x86/svm/svm_msr.c hv/arch/x86/svm/svm_entry.S \
	hv/arch/x86/lapic_timer.c hv/arch/x86/lapic_timer_entry.S
NPT_SRCS := hv/arch/x86/svm/npt.c
EXITCODE_SRCS := hv/arch/x86/svm/exitcode.c
# The back end picked at boot (virt.h), the one file that names each.
VIRT_SRCS := hv/arch/x86/virt.c

# hv/dev/ and hv/lib/
ACPI_SRCS := hv/dev/acpi.c
I8259_SRCS := hv/dev/i8259.c
VIRTIO_SRCS := hv/dev/virtqueue.c hv/dev/virtio_mmio.c hv/dev/virtio_balloon.c
DEV_SRCS := hv/dev/ata.c hv/dev/pic.c hv/dev/pit.c hv/dev/serial.c
CHECKSUM_SRCS := hv/lib/checksum.c
PRINT_SRCS := hv/lib/print.c
PRINTK_SRCS := hv/lib/printk.c
STRING_SRCS := hv/lib/string.c
TRACE_ROW_SRCS := hv/lib/trace_row.c

# The policy floor: what the policy, the scenario parser and the PRNG
# need, plain C for the hypervisor, the simulator and the host tests.
FLOOR_SRCS := $(SCENARIO_SRCS) $(POLICY_SRCS) $(PRNG_SRCS) $(PRINT_SRCS)

# The machine pages and a guest's map of them: pmem, EPT, p2m and the
# classifier p2m_fault asks.
STAGE2_SRCS := $(P2M_SRCS) $(FAULT_SRCS) $(EPT_SRCS) $(PMEM_SRCS)

# The simulator's guests and host, which the reclaim test drives too.
SIM_MODEL_SRCS := $(filter-out tools/ballast-sim/main.c,$(wildcard tools/ballast-sim/*.c))
