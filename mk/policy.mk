# Memory policy, scenario parser, PRNG, the reclaim loop and the host
# simulator. The policy floor (hv/mm/{scenario,policy,prng}.c and the
# hv/lib parts they use) and hv/mm/reclaim.c are plain C shared with the
# hypervisor; here they are built for the host: unit tests, the simulator,
# the fuzzer.

# FLOOR_SRCS and the other module lists: mk/modules.mk.

UNIT_TESTS += test_scenario
test_scenario_SRCS := tests/unit/test_scenario.c $(FLOOR_SRCS)

UNIT_TESTS += test_prng
test_prng_SRCS := tests/unit/test_prng.c $(PRNG_SRCS)

UNIT_TESTS += test_policy
test_policy_SRCS := tests/unit/test_policy.c $(FLOOR_SRCS)

# The simulator is built optimised and without sanitizers: it must replay
# 90 minutes of four 8 GiB guests in seconds. The unit tests sanitize the
# shared code.
SIM_SRCS := tools/ballast-sim/main.c $(SIM_MODEL_SRCS) $(VICTIMS_SRCS) \
	$(RECLAIM_SRCS) $(TRACE_ROW_SRCS) $(FLOOR_SRCS)
SIM := $(BUILD)/ballast-sim

$(SIM): $(SIM_SRCS) $(wildcard tools/ballast-sim/*.h hv/mm/*.h hv/lib/*.h hv/arch/x86/vmx/*.h include/ballast/*.h) mk/policy.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_OPT_CFLAGS) -o $@ $(SIM_SRCS)

ALL_TARGETS += $(SIM)

# make sim SCENARIO=scenarios/X.scn: out/sim/X/{trace.csv,summary.txt,console.log};
# SIM_MODEL=stub: the guest stub's model (ballast-sim -m, docs/simulator.md)
.PHONY: sim
sim: RUNNER := sim
sim: $(SIM)
	@mkdir -p $(RUNNER_DIR)
	$(SIM) $(SCENARIO) -o $(RUNNER_DIR)$(if $(SIM_MODEL), -m $(SIM_MODEL))

# The parser's fuzzer: mk/fuzz.mk.

# make bench: tools/bench-sim.sh times the simulator and counts the policy
# tick's instructions with build/bench-policy.
BENCH_POLICY := $(BUILD)/bench-policy
$(BENCH_POLICY): tools/bench-policy.c $(FLOOR_SRCS) $(wildcard hv/mm/*.h)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_OPT_CFLAGS) -o $@ tools/bench-policy.c $(FLOOR_SRCS)
ALL_TARGETS += $(BENCH_POLICY)
BENCHES += tools/bench-sim.sh
