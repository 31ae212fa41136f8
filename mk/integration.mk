# Emulator tests of the hypervisor: each boots scenarios in Bochs.
INTEGRATION_TESTS += tests/integration/boot-default.sh \
	tests/integration/boot-wild.sh \
	tests/integration/boot-bad-scenario.sh \
	tests/integration/boot-hypercall-check.sh \
	tests/integration/boot-balloon.sh \
	tests/integration/boot-balloon-hostile.sh \
	tests/integration/boot-hostile-sparse.sh \
	tests/integration/boot-hostile-exhaust.sh \
	tests/integration/boot-idle-tax.sh \
	tests/integration/boot-swap.sh \
	tests/integration/boot-swap-mixed.sh \
	tests/integration/boot-swap-low.sh \
	tests/integration/boot-swap-faults.sh \
	tests/integration/boot-swap-image.sh \
	tests/integration/boot-user-hypercall.sh \
	tests/integration/boot-irq-stack.sh \
	tests/integration/boot-large-guests.sh \
	tests/integration/boot-long-tick.sh \
	tests/integration/boot-unloadable.sh \
	tests/integration/boot-swapped-buffers.sh \
	tests/integration/boot-disk-size.sh \
	tests/integration/boot-fuzz-guest.sh \
	tests/integration/boot-isolation.sh

BENCHES += scripts/bench-core.sh
