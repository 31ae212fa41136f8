# Ballast nested under QEMU/KVM inside Bochs (issue 17): an L1 Linux in
# Bochs loads KVM with nested VT-x and runs make run-kvm's launcher
# (scripts/run-qemu.sh kvm) on the scenario's ESP. Debian's cloud kernel
# and busybox-static come from the archive once and are kept in
# build/nested/debs (scripts/nested/fetch.sh); QEMU and OVMF are this
# host's. make run-nested boots one scenario (out/nested/NAME/);
# make test-nested runs tests/integration/nested-kvm/check.sh, which
# make test leaves aside: it boots a Linux in Bochs first.

NESTED := $(BUILD)/nested
NESTED_BASE := $(NESTED)/base.cpio.zst
NESTED_ISO = $(NESTED)/$(SCN_NAME).iso

.PHONY: nested-parts run-nested test-nested
$(NESTED)/parts.stamp: scripts/nested/fetch.sh | deps-nested
	@echo "  FETCH   $(NESTED)/debs"
	@scripts/nested/fetch.sh $(NESTED)/debs $(NESTED)
	@touch $@

$(NESTED_BASE): $(NESTED)/parts.stamp scripts/nested/mkinitrd.sh scripts/nested/init \
		$(SWAPINFO) | deps-nested deps-qemu
	@echo "  INITRD  $@"
	@scripts/nested/mkinitrd.sh $@ $(NESTED) $(SWAPINFO)

# The ESP is made afresh for SCENARIO (make esp), so the ISO is too.
$(NESTED_ISO): $(NESTED_BASE) $(ESP) scripts/nested/mkiso.sh scripts/run-qemu.sh \
		scripts/verdict.sh scripts/make-swap-disk.sh FORCE | deps-bochs
	@echo "  ISO     $@ (L1 machine, $(SCENARIO))"
	@scripts/nested/mkiso.sh $@ $(NESTED) $(NESTED_BASE) $(SCENARIO) $(ESP)

run-nested: RUNNER := nested
run-nested: deps-bochs $(NESTED_ISO)
	@$(run-status scripts/nested/run.sh $(NESTED_ISO) $(RUNNER_DIR))

INTEGRATION_ASIDE += tests/integration/nested-kvm/check.sh
test-nested: deps-bochs deps-efi deps-qemu deps-nested build-all
	@scripts/run-tests.sh tests/integration/nested-kvm/check.sh
