# Host unit tests of the machine page allocator and the EPT builder.
UNIT_TESTS += test_pmem test_ept
test_pmem_SRCS := tests/unit/test_pmem.c hv/mm/pmem.c
test_ept_SRCS := tests/unit/test_ept.c hv/arch/x86/vmx/ept.c hv/mm/pmem.c
UNIT_TESTS += test_memmap
test_memmap_SRCS := tests/unit/test_memmap.c hv/mm/memmap.c hv/mm/pmem.c
UNIT_TESTS += test_balloon
test_balloon_SRCS := tests/unit/test_balloon.c tests/unit/guest_fixture.c hv/mm/balloon.c hv/mm/p2m.c \
	hv/mm/fault.c hv/arch/x86/vmx/ept.c hv/mm/pmem.c
UNIT_TESTS += test_p2m
test_p2m_SRCS := tests/unit/test_p2m.c tests/unit/guest_fixture.c hv/mm/p2m.c hv/arch/x86/vmx/ept.c \
	hv/mm/fault.c hv/mm/pmem.c
# The reclaim loop through the hypervisor's memory controller ops and the
# simulator's, side by side (tests/unit/reclaim_world.h).
UNIT_TESTS += test_reclaim
test_reclaim_SRCS = tests/unit/test_reclaim.c tests/unit/reclaim_hv.c \
	tests/unit/reclaim_sim.c tests/unit/hv_stubs.c tests/unit/ram_disk.c \
	hv/core/memctl_ops.c hv/core/swapper.c hv/core/guest.c \
	hv/mm/p2m.c hv/mm/fault.c hv/mm/pmem.c hv/mm/swap.c hv/arch/x86/vmx/ept.c \
	tools/ballast-sim/host.c tools/ballast-sim/guest.c \
	tools/ballast-sim/ops.c hv/mm/victims.c hv/mm/victim_index.c \
	$(RECLAIM_SRCS)
UNIT_TESTS += test_victims
test_victims_SRCS := tests/unit/test_victims.c tests/unit/guest_fixture.c hv/mm/victims.c \
	hv/mm/victim_index.c \
	hv/mm/p2m.c hv/mm/fault.c hv/arch/x86/vmx/ept.c hv/mm/pmem.c hv/mm/prng.c
UNIT_TESTS += test_exit_reason
test_exit_reason_SRCS := tests/unit/test_exit_reason.c hv/arch/x86/vmx/exit_reason.c
# The Multiboot2 information reader, on structures built in memory.
UNIT_TESTS += test_mb2
test_mb2_SRCS := tests/unit/test_mb2.c boot/multiboot/mb2.c
# The one classifier of a guest memory fault, class by class.
UNIT_TESTS += test_fault
test_fault_SRCS := tests/unit/test_fault.c tests/unit/guest_fixture.c hv/mm/fault.c hv/mm/p2m.c \
	hv/arch/x86/vmx/ept.c hv/mm/pmem.c
# The swapper over a p2m and a swap area on a RAM disk.
UNIT_TESTS += test_swapper
test_swapper_SRCS := tests/unit/test_swapper.c tests/unit/guest_fixture.c tests/unit/hv_stubs.c \
	tests/unit/ram_disk.c hv/core/swapper.c hv/mm/swap.c hv/mm/victims.c hv/mm/victim_index.c \
	hv/mm/prng.c hv/mm/fault.c hv/mm/p2m.c hv/arch/x86/vmx/ept.c hv/mm/pmem.c
# The core's decisions against a stub vCPU: exit dispatch and hypercalls
# over one guest as guest.c creates it (tests/unit/core_fixture.h).
CORE_UNIT_SRCS := tests/unit/core_fixture.c tests/unit/hv_stubs.c tests/unit/ram_disk.c \
	hv/core/exit.c hv/core/hypercall.c hv/core/guest.c hv/core/swapper.c \
	hv/arch/x86/cpuid.c hv/mm/balloon.c hv/mm/fault.c hv/mm/p2m.c hv/mm/pmem.c \
	hv/mm/swap.c hv/mm/victims.c hv/mm/victim_index.c hv/mm/prng.c \
	hv/arch/x86/vmx/ept.c hv/lib/print.c
UNIT_TESTS += test_exit
test_exit_SRCS := tests/unit/test_exit.c $(CORE_UNIT_SRCS)
UNIT_TESTS += test_hypercall
test_hypercall_SRCS := tests/unit/test_hypercall.c $(CORE_UNIT_SRCS)
# The back end picked at boot and printk's sink, over a fake VMX table.
UNIT_TESTS += test_virt
test_virt_SRCS := tests/unit/test_virt.c hv/arch/x86/virt.c hv/lib/printk.c hv/lib/print.c
