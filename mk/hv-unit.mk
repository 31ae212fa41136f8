# Host unit tests of the hypervisor's own code: machine pages, memory map,
# EPT, p2m, balloon lists and victim sets (hv/mm/, hv/arch/x86/vmx/ept.c),
# the reclaim loop through the hypervisor's ops and the simulator's, the
# VMX exit names and the Multiboot2 reader. The policy floor's tests are in
# mk/policy.mk, the swap area's in mk/swap.mk, the UEFI loader's in
# mk/efi.mk. Each test names the modules it needs (mk/modules.mk).
UNIT_TESTS += test_pmem test_ept
test_pmem_SRCS := tests/unit/test_pmem.c $(PMEM_SRCS)
test_ept_SRCS := tests/unit/test_ept.c $(EPT_SRCS) $(PMEM_SRCS)
UNIT_TESTS += test_memmap
test_memmap_SRCS := tests/unit/test_memmap.c $(MEMMAP_SRCS) $(PMEM_SRCS)
UNIT_TESTS += test_balloon
test_balloon_SRCS := tests/unit/test_balloon.c tests/unit/guest_fixture.c \
	$(BALLOON_SRCS) $(STAGE2_SRCS)
UNIT_TESTS += test_p2m
test_p2m_SRCS := tests/unit/test_p2m.c tests/unit/guest_fixture.c $(STAGE2_SRCS)
# The reclaim loop through the hypervisor's memory controller ops and the
# simulator's, side by side (tests/unit/reclaim_world.h).
UNIT_TESTS += test_reclaim
test_reclaim_SRCS := tests/unit/test_reclaim.c tests/unit/reclaim_hv.c \
	tests/unit/reclaim_sim.c tests/unit/hv_stubs.c tests/unit/ram_disk.c \
	$(MEMCTL_OPS_SRCS) $(CORE_SWAPPER_SRCS) $(CORE_GUEST_SRCS) \
	$(STAGE2_SRCS) $(SWAP_AREA_SRCS) $(SIM_MODEL_SRCS) \
	$(VICTIMS_SRCS) $(VICTIM_INDEX_SRCS) $(RECLAIM_SRCS) \
	$(TRACE_ROW_SRCS) $(FLOOR_SRCS)
UNIT_TESTS += test_victims
test_victims_SRCS := tests/unit/test_victims.c tests/unit/guest_fixture.c \
	$(VICTIMS_SRCS) $(VICTIM_INDEX_SRCS) $(STAGE2_SRCS) $(PRNG_SRCS)
UNIT_TESTS += test_exit_reason
test_exit_reason_SRCS := tests/unit/test_exit_reason.c $(EXIT_REASON_SRCS)
UNIT_TESTS += test_npt
test_npt_SRCS := tests/unit/test_npt.c $(NPT_SRCS) $(EXITCODE_SRCS) \
	hv/arch/x86/s2_table.c $(PMEM_SRCS)
# The Multiboot2 information reader, on structures built in memory.
UNIT_TESTS += test_mb2
test_mb2_SRCS := tests/unit/test_mb2.c $(MB2_SRCS)
# The one classifier of a guest memory fault, class by class.
UNIT_TESTS += test_fault
test_fault_SRCS := tests/unit/test_fault.c tests/unit/guest_fixture.c $(STAGE2_SRCS)
# The swapper over a p2m and a swap area on a RAM disk.
UNIT_TESTS += test_swapper
test_swapper_SRCS := tests/unit/test_swapper.c tests/unit/guest_fixture.c tests/unit/hv_stubs.c \
	tests/unit/ram_disk.c $(CORE_SWAPPER_SRCS) $(SWAP_AREA_SRCS) $(VICTIMS_SRCS) \
	$(VICTIM_INDEX_SRCS) $(PRNG_SRCS) $(STAGE2_SRCS)
# The core's decisions against a stub vCPU: exit dispatch and hypercalls
# over one guest as guest.c creates it (tests/unit/core_fixture.h).
CORE_UNIT_SRCS := tests/unit/core_fixture.c tests/unit/hv_stubs.c tests/unit/ram_disk.c \
	hv/core/exit.c hv/core/hypercall.c hv/core/block.c $(CORE_GUEST_SRCS) $(CORE_SWAPPER_SRCS) $(CORE_MMIO_SRCS) \
	hv/arch/x86/cpuid.c $(BALLOON_SRCS) $(STAGE2_SRCS) $(SWAP_AREA_SRCS) \
	$(VICTIMS_SRCS) $(VICTIM_INDEX_SRCS) $(PRNG_SRCS) $(PRINT_SRCS)
UNIT_TESTS += test_exit
test_exit_SRCS := tests/unit/test_exit.c $(CORE_UNIT_SRCS)
UNIT_TESTS += test_hypercall
test_hypercall_SRCS := tests/unit/test_hypercall.c $(CORE_UNIT_SRCS)
UNIT_TESTS += test_block
test_block_SRCS := tests/unit/test_block.c $(CORE_UNIT_SRCS)
# The back end picked at boot and printk's sink, over a fake VMX table.
UNIT_TESTS += test_virt
test_virt_SRCS := tests/unit/test_virt.c $(VIRT_SRCS) $(PRINTK_SRCS) $(PRINT_SRCS)
# The Linux boot protocol's header checks and zero page, on byte arrays.
UNIT_TESTS += test_linux_boot
test_linux_boot_SRCS := tests/unit/test_linux_boot.c $(LINUX_BOOT_SRCS) $(PRINT_SRCS)
# A kernel guest's devices and MSRs, and the dispatch that gives them to
# kernel guests only.
UNIT_TESTS += test_guest_dev
test_guest_dev_SRCS := tests/unit/test_guest_dev.c $(CORE_UNIT_SRCS)
# A kernel guest's interrupt sources and idle (hv/core/guest_irq.h).
UNIT_TESTS += test_guest_irq
test_guest_irq_SRCS := tests/unit/test_guest_irq.c $(CORE_UNIT_SRCS)
