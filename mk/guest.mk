# The guest stub: a flat image (build/guest-stub.bin) loaded by the
# hypervisor into each guest's memory.

GUEST_CFLAGS := $(FREESTANDING_CFLAGS)
GUEST_SRCS := guest-stub/entry.S guest-stub/main.c guest-stub/cpu.c \
	guest-stub/palloc.c guest-stub/balloon.c guest-stub/contention.c \
	guest-stub/gens.c guest-stub/vm.c guest-stub/pager.c \
	guest-stub/hostile.c guest-stub/usermode.c guest-stub/usermode.S \
	guest-stub/irqstack.c guest-stub/irqstack.S guest-stub/buffers.c \
	guest-stub/fuzz.c guest-stub/fuzz_model.c guest-stub/fuzzcall.S \
	guest-stub/attack.c guest-stub/report.c guest-stub/block.c \
	guest-stub/blockcheck.c \
	$(PRINT_SRCS) $(STRING_SRCS) $(PRNG_SRCS)
GUEST_OBJS := $(patsubst %,$(BUILD)/guest/%.o,$(GUEST_SRCS))

$(BUILD)/guest/%.c.o: %.c $(BUILD_RULES)
	@mkdir -p $(@D)
	@echo "  CC      $< (guest)"
	@gcc $(GUEST_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

$(BUILD)/guest/%.S.o: %.S $(BUILD_RULES)
	@mkdir -p $(@D)
	@gcc $(GUEST_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

$(BUILD)/guest-stub.elf: $(GUEST_OBJS) linker/guest.ld
	@echo "  LD      $@"
	@gcc $(GUEST_CFLAGS) -nostdlib -static -no-pie -Wl,--no-dynamic-linker \
		-Wl,-z,noexecstack -Wl,--build-id=none -T linker/guest.ld -o $@ $(GUEST_OBJS)

$(BUILD)/guest-stub.bin: $(BUILD)/guest-stub.elf
	@objcopy -O binary $< $@

ALL_TARGETS += $(BUILD)/guest-stub.bin

-include $(GUEST_OBJS:.o=.d)

# The benchmark's generational heaps on the host, over a fake pager.
UNIT_TESTS += test_gens
test_gens_SRCS := tests/unit/test_gens.c guest-stub/gens.c $(PRNG_SRCS)
