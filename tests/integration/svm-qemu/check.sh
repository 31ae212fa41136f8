#!/usr/bin/env bash
# The SVM back end under QEMU's TCG (-cpu max: SVM, nested paging, no
# NRIPS, so RIP advances by the known instruction lengths; 16 ASIDs, so
# guests share them), over the existing tests that cost most in Bochs:
# guest code runs about 3x faster here. Checks of what the scenario's
# timing decides are skipped in them, saying why (lib.sh, timed_check);
# every other claim is checked as on Bochs.
. "$(dirname "$0")/../lib/lib.sh"

# Left to Bochs: irq-stack and balloon (timed, and byte-for-byte
# repeatable only there: tests/integration/svm-bochs). swapped-buffers
# runs here: its 10,000 swap writes each end in a FLUSH CACHE, which QEMU
# serves with the host's fsync; on a loaded host one outlasted the ATA
# driver's old bound of a million status reads, and the map sector that
# failed took the hypervisor to a panic (now a wait in time, hv/dev/ata.c,
# and a slot the disk will not free is counted, hv/core/swapper.c).
run_on qemu-svm hypercall-check user-hypercall guest-result wild isolation \
	fuzz-guest balloon-hostile hostile-exhaust swap-mixed swapped-buffers
