# Ballast: the one entry point. `make` builds, `make run` boots a scenario in
# Bochs, `make test` runs every test, `make sim` runs the simulator,
# `make experiment` runs the case study both ways and draws its figures,
# `make bench` measures. Each part of the tree adds its rules in mk/*.mk.

BUILD    := build
OUT      ?= out
SCENARIO ?= scenarios/default.scn
SCN_NAME  = $(basename $(notdir $(SCENARIO)))

# Each runner leaves its files in out/RUNNER/NAME/ (RUNNER: bochs, qemu,
# qemu-iso, kvm or sim; each launcher sets its own), so the simulator and
# an emulator never overwrite each other's trace of one scenario. make test
# passes OUT=out/test, and make bench writes out/bench/.
RUNNER ?= bochs
RUNNER_DIR = $(OUT)/$(RUNNER)/$(SCN_NAME)

ifneq ($(filter run iso sim figures esp run-qemu run-qemu-iso run-kvm,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(SCENARIO)),)
$(error no scenario file $(SCENARIO): give SCENARIO=scenarios/NAME.scn)
endif
endif

HOSTCC   ?= cc

# Reproducible builds: no checkout path in any object (debug info, __FILE__),
# so the same commit gives the same images byte for byte wherever it is
# built. Image timestamps come from SOURCE_DATE_EPOCH (scripts/make-iso.sh,
# scripts/make-esp.sh): the last commit's time, or a fixed date outside git.
REPRO_CFLAGS := -ffile-prefix-map=$(CURDIR)=.
SOURCE_DATE_EPOCH ?= $(or $(shell git log -1 --format=%ct 2>/dev/null),946684800)
export SOURCE_DATE_EPOCH

# The one flag set of the freestanding code (hypervisor and guest stub).
FREESTANDING_CFLAGS := -std=c11 -O2 -g -ffreestanding -nostdlib -fno-pic -fno-pie \
	-mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
	-Wall -Wextra -Werror -Wmissing-prototypes -I. -Iinclude $(REPRO_CFLAGS)

# Objects depend on the headers they include (-MMD -MP writes the lists
# beside them) and on the flags (the makefiles).
DEP_CFLAGS := -MMD -MP
BUILD_RULES := Makefile $(wildcard mk/*.mk)
HOST_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -Wmissing-prototypes \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -I. -Iinclude $(REPRO_CFLAGS)
HOST_OPT_CFLAGS := -std=c11 -g -O2 -Wall -Wextra -Werror -Wmissing-prototypes \
	-I. -Iinclude $(REPRO_CFLAGS)

# Every fragment adds its unit tests to UNIT_TESTS (names) and sets
# NAME_SRCS from the module lists (mk/modules.mk); what `make` builds to
# ALL_TARGETS; what `make bench` runs to BENCHES. INTEGRATION_TESTS holds
# the folders of tests/integration/ (mk/integration.mk), less the ones a
# fragment sets aside in INTEGRATION_ASIDE for want of a tool.
UNIT_TESTS :=
INTEGRATION_TESTS :=
INTEGRATION_ASIDE :=
ALL_TARGETS :=
BENCHES :=

.PHONY: all run test test-all unit bench deps clean
# deps-GROUP installs what one group of targets needs (scripts/deps.sh).
deps-%:
	@scripts/deps.sh $*

all: build-all

# The module lists first (mk/modules.mk): every fragment names its
# sources from them.
include mk/modules.mk
include $(sort $(filter-out mk/modules.mk,$(wildcard mk/*.mk)))

# $(run-status COMMAND) (tools/run-status/run_status.c): the launchers end
# make with the run's own status, which make by itself cannot (it ends
# with 2 whatever failed). Make builds the plugin on its first read and
# starts again with it loaded.
-load $(BUILD)/run_status.so
$(BUILD)/run_status.so: tools/run-status/run_status.c
	@mkdir -p $(@D)
	@$(HOSTCC) -std=c11 -O2 -Wall -Wextra -Werror -Wmissing-prototypes -shared -fPIC \
		$(REPRO_CFLAGS) -o $@ $<

build-all: $(ALL_TARGETS)

# A unit test links its own objects (build/unit/obj/NAME/), each of which
# depends on the headers it includes (-MMD -MP), so a header change
# rebuilds only the tests that use it.
define unit_test_rule
$(1)_OBJS := $$(patsubst %,$(BUILD)/unit/obj/$(1)/%.o,$$($(1)_SRCS) tests/unit/check.c)
$(BUILD)/unit/obj/$(1)/%.c.o: %.c $(BUILD_RULES)
	@mkdir -p $$(@D)
	@echo "  CC      $$< ($(1))"
	@$$(HOSTCC) $$(HOST_CFLAGS) $$(DEP_CFLAGS) -c $$< -o $$@
$(BUILD)/unit/$(1): $$($(1)_OBJS)
	@echo "  LD      $$@"
	@$$(HOSTCC) $$(HOST_CFLAGS) -o $$@ $$($(1)_OBJS) -lm
-include $$($(1)_OBJS:.o=.d)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test_rule,$(t))))

UNIT_BINS := $(addprefix $(BUILD)/unit/,$(UNIT_TESTS))

unit: $(UNIT_BINS)
	@scripts/run-tests.sh $(UNIT_BINS)

# The tools deps.sh installs are looked for when make reads the fragments
# (clang, for the fuzzer): a second make reads them again once they are in.
test: deps
	@$(MAKE) --no-print-directory test-all

# As many tests at once as the machine has CPUs (scripts/run-tests.sh).
test-all: $(UNIT_BINS) $(ALL_TARGETS)
	@TEST_JOBS=$${TEST_JOBS:-$$(nproc)} scripts/run-tests.sh $(UNIT_BINS) \
		$(filter-out $(INTEGRATION_ASIDE),$(INTEGRATION_TESTS))

bench: deps-bochs deps-bench $(ALL_TARGETS)
	@for b in $(BENCHES); do $$b || exit 1; done

deps:
	@scripts/deps.sh all

clean:
	rm -rf $(BUILD) $(OUT)
