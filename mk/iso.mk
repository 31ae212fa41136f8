# The bootable GRUB rescue ISO (Multiboot2) for one scenario: the hypervisor
# with the guest stub image and the scenario file as modules. One ISO per
# scenario, so runs of different scenarios never share a stale image.

ISO = $(BUILD)/iso/$(SCN_NAME).iso
GRUB_MODULES := multiboot2 normal serial terminal

$(BUILD)/iso/%.iso: $(BUILD)/ballast.elf $(BUILD)/guest-stub.bin scenarios/%.scn scripts/make-iso.sh | deps-bochs
	@echo "  ISO     $@"
	@scripts/make-iso.sh $@ $(BUILD)/ballast.elf $(BUILD)/guest-stub.bin scenarios/$*.scn

# Any scenario path works for make run: the ISO of SCENARIO is built from
# it directly (the pattern above serves scenarios/ for the default target),
# and always afresh (it takes a moment), since two scenarios in different
# folders may share a name.
.PHONY: FORCE
$(ISO): $(BUILD)/ballast.elf $(BUILD)/guest-stub.bin $(SCENARIO) scripts/make-iso.sh FORCE | deps-bochs
	@echo "  ISO     $@"
	@scripts/make-iso.sh $@ $(BUILD)/ballast.elf $(BUILD)/guest-stub.bin $(SCENARIO)

ALL_TARGETS += $(BUILD)/iso/default.iso

.PHONY: iso run run-svm
iso: $(ISO)

# make run: boot SCENARIO in Bochs; console on the terminal and in
# out/bochs/NAME/console.log, trace in trace.csv beside it, summary in
# summary.txt, the swap disk in swap.img (mk/swap.mk).
run: RUNNER := bochs
run: deps-bochs $(ISO) swap-disk
	@$(run-status scripts/run-bochs.sh $(ISO) $(RUNNER_DIR) $(SWAP_IMG))

# make run-svm: the same in Bochs's AMD model (cpu: model=ryzen), which
# has SVM with nested paging: the hypervisor picks its SVM back end.
run-svm: RUNNER := bochs-svm
run-svm: deps-bochs $(ISO) swap-disk
	@BOCHS_CPU=ryzen $(run-status scripts/run-bochs.sh $(ISO) $(RUNNER_DIR) $(SWAP_IMG))
