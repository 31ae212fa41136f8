# libFuzzer targets for the host-built parsers and validators, which read
# what a guest, a disk image or a boot loader hands the hypervisor
# (tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/corpus/NAME/). They need
# clang; without it they are skipped. tests/integration/fuzz/check.sh runs each
# for a short fixed budget.

ifneq ($(shell command -v clang 2>/dev/null),)
FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -Wmissing-prototypes \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I. -Iinclude $(REPRO_CFLAGS)

FUZZERS := scenario balloon swap mb2 efi_elf http
fuzz_scenario_SRCS := $(FLOOR_SRCS)
fuzz_balloon_SRCS := $(BALLOON_SRCS) $(STAGE2_SRCS)
fuzz_swap_SRCS := $(SWAP_AREA_SRCS)
fuzz_mb2_SRCS := $(MB2_SRCS)
fuzz_efi_elf_SRCS := $(EFI_ELF_SRCS)
fuzz_http_SRCS = $(NET_PURE_SRCS) $(CONTROL_SRCS)

# Second expansion: each fuzzer's sources by its name.
FUZZ_BINS := $(addprefix $(BUILD)/fuzz_,$(FUZZERS))
.SECONDEXPANSION:
$(FUZZ_BINS): $(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $$(fuzz_$$*_SRCS) \
		$$(wildcard hv/*/*.h hv/*/*/*/*.h boot/*/*.h include/ballast/*.h) mk/fuzz.mk
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ $< $(fuzz_$*_SRCS)

ALL_TARGETS += $(FUZZ_BINS)
else
INTEGRATION_ASIDE += tests/integration/sim-fuzz-scenario/check.sh tests/integration/fuzz/check.sh
endif
