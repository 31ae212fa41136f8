# The hypervisor ELF (build/ballast.elf): boot path, core, memory, x86/VMX,
# devices, freestanding library.

HV_CC := gcc
HV_CFLAGS := $(FREESTANDING_CFLAGS)
HV_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-dynamic-linker \
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--build-id=none -T linker/hv.ld

# Every module of the hypervisor (mk/modules.mk).
HV_SRCS := $(MB2_ENTRY_SRCS) $(MB2_SRCS) \
	$(CORE_SRCS) $(CORE_GUEST_SRCS) $(CORE_SWAPPER_SRCS) $(MEMCTL_OPS_SRCS) $(CORE_MMIO_SRCS) \
	$(PMEM_SRCS) $(MEMMAP_SRCS) $(P2M_SRCS) $(FAULT_SRCS) $(BALLOON_SRCS) $(SWAP_AREA_SRCS) \
	$(VICTIMS_SRCS) $(VICTIM_INDEX_SRCS) $(RECLAIM_SRCS) $(SCENARIO_SRCS) \
	$(POLICY_SRCS) $(CONTROL_SRCS) $(PRNG_SRCS) \
	$(X86_SRCS) $(VIRT_SRCS) $(VMX_SRCS) $(EPT_SRCS) $(EXIT_REASON_SRCS) \
	$(SVM_SRCS) $(NPT_SRCS) $(EXITCODE_SRCS) \
	$(DEV_SRCS) $(CHECKSUM_SRCS) $(PRINT_SRCS) $(PRINTK_SRCS) $(STRING_SRCS) $(TRACE_ROW_SRCS)

HV_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(HV_SRCS))
$(BUILD)/hv/%.c.o: %.c $(BUILD_RULES)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(HV_CC) $(HV_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

$(BUILD)/hv/%.S.o: %.S $(BUILD_RULES)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(HV_CC) $(HV_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

$(BUILD)/ballast.elf: $(HV_OBJS) linker/hv.ld
	@echo "  LD      $@"
	@$(HV_CC) $(HV_CFLAGS) $(HV_LDFLAGS) -o $@ $(filter %.o,$^)

ALL_TARGETS += $(BUILD)/ballast.elf

-include $(HV_OBJS:.o=.d)
