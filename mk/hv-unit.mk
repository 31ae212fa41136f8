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
	tests/unit/reclaim_sim.c tests/unit/hv_stubs.c \
	$(MEMCTL_OPS_SRCS) $(CORE_SWAPPER_SRCS) $(CORE_GUEST_SRCS) \
	$(STAGE2_SRCS) $(SWAP_AREA_SRCS) $(SIM_MODEL_SRCS) \
	$(VICTIMS_SRCS) $(VICTIM_INDEX_SRCS) $(RECLAIM_SRCS) \
	$(TRACE_ROW_SRCS) $(FLOOR_SRCS)
UNIT_TESTS += test_victims
test_victims_SRCS := tests/unit/test_victims.c tests/unit/guest_fixture.c \
	$(VICTIMS_SRCS) $(VICTIM_INDEX_SRCS) $(STAGE2_SRCS) $(PRNG_SRCS)
UNIT_TESTS += test_exit_reason
test_exit_reason_SRCS := tests/unit/test_exit_reason.c $(EXIT_REASON_SRCS)
# The Multiboot2 information reader, on structures built in memory.
UNIT_TESTS += test_mb2
test_mb2_SRCS := tests/unit/test_mb2.c $(MB2_SRCS)
