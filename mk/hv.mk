# The hypervisor ELF (build/ballast.elf): boot path, core, memory, x86/VMX,
# devices, freestanding library.

HV_CC := gcc
HV_CFLAGS := $(FREESTANDING_CFLAGS)
HV_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-dynamic-linker \
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--build-id=none -T linker/hv.ld

HV_SRCS := \
	boot/multiboot/entry.S \
	boot/multiboot/mb2.c \
	boot/multiboot/start.c \
	hv/core/main.c \
	hv/core/clock.c \
	hv/core/console.c \
	hv/core/memctl.c \
	hv/core/memctl_ops.c \
	hv/core/memctl_control.c \
	hv/core/trace.c \
	hv/core/exit.c \
	hv/core/guest.c \
	hv/core/hypercall.c \
	hv/core/sched.c \
	hv/core/summary.c \
	hv/core/swapper.c \
	hv/mm/balloon.c \
	hv/mm/fault.c \
	hv/mm/memmap.c \
	hv/mm/p2m.c \
	hv/mm/pmem.c \
	hv/mm/policy.c \
	hv/mm/control.c \
	hv/mm/prng.c \
	hv/mm/reclaim.c \
	hv/mm/swap.c \
	hv/mm/scenario.c \
	hv/mm/scenario_keys.c \
	hv/mm/scenario_lex.c \
	hv/mm/scenario_values.c \
	hv/mm/victims.c hv/mm/victim_index.c \
	hv/arch/x86/cpuid.c \
	hv/arch/x86/gdt.c \
	hv/arch/x86/vmx/ept.c \
	hv/arch/x86/vmx/vmcs.c \
	hv/arch/x86/vmx/exit_reason.c \
	hv/arch/x86/vmx/vmexit.c \
	hv/arch/x86/vmx/vmx.c \
	hv/arch/x86/vmx/vmx_entry.S \
	hv/arch/x86/trap.c \
	hv/arch/x86/virt.c \
	hv/arch/x86/trap_entry.S \
	hv/arch/x86/power.c \
	hv/dev/ata.c \
	hv/dev/pic.c \
	hv/dev/pit.c \
	hv/dev/serial.c \
	hv/lib/checksum.c \
	hv/lib/print.c \
	hv/lib/printk.c \
	hv/lib/string.c \
	hv/lib/trace_row.c

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
