# Memory policy, scenario parser, PRNG and the host simulator (issue 3).
# hv/mm/{scenario,policy,prng}.c are plain C shared with the hypervisor;
# here they are built for the host: unit tests, the simulator, the fuzzer.

POLICY_SRCS := hv/mm/scenario.c

UNIT_TESTS += test_scenario
test_scenario_SRCS := tests/unit/test_scenario.c hv/mm/scenario.c

UNIT_TESTS += test_prng
test_prng_SRCS := tests/unit/test_prng.c hv/mm/prng.c

UNIT_TESTS += test_policy
test_policy_SRCS := tests/unit/test_policy.c hv/mm/policy.c hv/mm/prng.c \
	hv/mm/scenario.c
