# The integration tests: every folder tests/integration/NAME/ with a
# check.sh is one (docs/design.md section 14), found here, not listed. A
# fragment whose tests need a tool that is missing sets them aside in
# INTEGRATION_ASIDE (mk/fuzz.mk, mk/nested.mk).
INTEGRATION_TESTS += $(sort $(wildcard tests/integration/*/check.sh))

BENCHES += scripts/bench-core.sh
