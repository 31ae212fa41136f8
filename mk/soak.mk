# make soak: the long run outside make test (scripts/soak.sh): over a
# million swap-out and swap-in cycles with every page verified, and a
# million fuzzed hypercalls. About half an hour of wall time.
.PHONY: soak
soak: deps-bochs build-all $(BUILD)/swapinfo
	@scripts/soak.sh
