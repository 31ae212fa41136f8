# libFuzzer targets for the host-built parsers and validators, which read
# what a guest, a disk image or a boot loader hands the hypervisor
# (tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/corpus/NAME/). They need
# clang; without it they are skipped. tests/integration/fuzz.sh runs each
# for a short fixed budget.

ifneq ($(shell command -v clang 2>/dev/null),)
FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -Wmissing-prototypes \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I. -Iinclude $(REPRO_CFLAGS)

FUZZERS := scenario balloon swap mb2 efi_elf http
fuzz_scenario_SRCS = $(FLOOR_SRCS)
fuzz_balloon_SRCS := hv/mm/balloon.c hv/mm/p2m.c hv/mm/fault.c hv/arch/x86/vmx/ept.c hv/mm/pmem.c
fuzz_swap_SRCS := hv/mm/swap.c
fuzz_mb2_SRCS := boot/multiboot/mb2.c
fuzz_efi_elf_SRCS := boot/efi/elf.c
fuzz_http_SRCS := hv/net/http.c hv/net/pages.c hv/net/control_json.c hv/mm/control.c

# Second expansion: the scenario parser's sources (FLOOR_SRCS) are set
# in mk/policy.mk, which make reads after this file.
FUZZ_BINS := $(addprefix $(BUILD)/fuzz_,$(FUZZERS))
.SECONDEXPANSION:
$(FUZZ_BINS): $(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $$(fuzz_$$*_SRCS) \
		$$(wildcard hv/*/*.h hv/*/*/*/*.h boot/*/*.h include/ballast/*.h) mk/fuzz.mk
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ $< $(fuzz_$*_SRCS)

ALL_TARGETS += $(FUZZ_BINS)
INTEGRATION_TESTS += tests/integration/sim-fuzz-scenario.sh tests/integration/fuzz.sh
endif
