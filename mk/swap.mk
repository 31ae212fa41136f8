# The swap disk (issue 5): the swap area's unit tests on a RAM disk.
# hv/mm/swap_area.c is plain C shared with the hypervisor.

UNIT_TESTS += test_swap
test_swap_SRCS := tests/unit/test_swap.c tests/unit/ram_disk.c $(SWAP_AREA_SRCS)

# swapinfo: lists a swap disk image after a run, and sizes the disk that
# scripts/make-swap-disk.sh creates for a scenario.
SWAPINFO := $(BUILD)/swapinfo
SWAPINFO_SRCS := tools/swapinfo/swapinfo.c $(SWAP_AREA_SRCS) $(FLOOR_SRCS)
$(SWAPINFO): $(SWAPINFO_SRCS) $(wildcard hv/mm/*.h hv/lib/*.h) include/ballast/swap.h mk/swap.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_OPT_CFLAGS) -o $@ $(SWAPINFO_SRCS)
ALL_TARGETS += $(SWAPINFO)

# A known image for the swapinfo test, written through hv/mm/swap_area.c.
$(BUILD)/mkswapimg: tests/integration/lib/mkswapimg.c $(SWAP_AREA_SRCS) $(wildcard hv/mm/*.h hv/lib/*.h) include/ballast/swap.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ tests/integration/lib/mkswapimg.c $(SWAP_AREA_SRCS)
ALL_TARGETS += $(BUILD)/mkswapimg

# The swap disk of a run, created afresh for SCENARIO before each run and
# left in the runner's folder for build/swapinfo.
SWAP_IMG = $(RUNNER_DIR)/swap.img
.PHONY: swap-disk
swap-disk: $(SWAPINFO)
	@scripts/make-swap-disk.sh $(SCENARIO) $(SWAP_IMG)
