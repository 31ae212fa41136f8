# The unmodified Linux guest (issue 14 part 2): Debian's cloud kernel and
# busybox-static come from the archive (scripts/nested/fetch.sh, its own
# cache in build/linux/debs), the initramfs is built here
# (scripts/linux/mkinitramfs.sh) with the workload (guest-linux/). make
# linux-parts builds both; make test-linux runs the Linux tests, which
# make test leaves aside: they fetch from the archive and boot a kernel.

LINUX := $(BUILD)/linux
LINUX_KERNEL := $(LINUX)/vmlinuz
LINUX_INITRAMFS := $(LINUX)/initramfs.cpio
LINUX_WORKLOAD := $(LINUX)/workload

.PHONY: linux-parts test-linux
$(LINUX)/parts.stamp: scripts/nested/fetch.sh | deps-linux
	@echo "  FETCH   $(LINUX)/debs"
	@scripts/nested/fetch.sh $(LINUX)/debs $(LINUX)
	@touch $@

$(LINUX_KERNEL): $(LINUX)/parts.stamp
	@cp $(LINUX)/kernel/boot/vmlinuz-* $@

# Static, so the initramfs needs no libraries; hosted C (glibc's libc.a).
$(LINUX_WORKLOAD): guest-linux/workload.c $(BUILD_RULES) | deps-linux
	@mkdir -p $(@D)
	@echo "  CC      $< (Linux guest)"
	@gcc -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -Wmissing-prototypes \
		-static $(REPRO_CFLAGS) -Wl,--build-id=none -o $@ $<

$(LINUX_INITRAMFS): $(LINUX)/parts.stamp $(LINUX_WORKLOAD) scripts/linux/mkinitramfs.sh \
		guest-linux/init
	@echo "  INITRD  $@"
	@scripts/linux/mkinitramfs.sh $@ $(LINUX) $(LINUX_WORKLOAD)

linux-parts: $(LINUX_KERNEL) $(LINUX_INITRAMFS)

LINUX_TESTS := tests/integration/linux-initramfs/check.sh tests/integration/linux-irq/check.sh \
	tests/integration/linux-balloon/check.sh tests/integration/linux-svm/check.sh
INTEGRATION_ASIDE += $(LINUX_TESTS)
test-linux: linux-parts build-all
	@scripts/run-tests.sh $(LINUX_TESTS)

# The guest's ACPI tables (hv/dev/acpi.c), byte by byte.
UNIT_TESTS += test_acpi
test_acpi_SRCS := tests/unit/test_acpi.c $(ACPI_SRCS)
# acpi-dump: the same tables as files, for iasl (tests/integration/acpi-iasl).
$(BUILD)/acpi-dump: tests/unit/acpi_dump.c $(ACPI_SRCS) $(BUILD_RULES)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(HOSTCC) $(HOST_CFLAGS) -o $@ tests/unit/acpi_dump.c $(ACPI_SRCS)
ALL_TARGETS += $(BUILD)/acpi-dump
# The MMIO instruction decoder (hv/arch/x86/insn.c).
UNIT_TESTS += test_insn
test_insn_SRCS := tests/unit/test_insn.c $(INSN_SRCS)
# The guest page walk that fetches an MMIO instruction (guest_walk.c).
UNIT_TESTS += test_guest_walk
test_guest_walk_SRCS := tests/unit/test_guest_walk.c $(GUEST_WALK_SRCS)
# virtio-mmio, the split virtqueue and virtio-balloon, driven as Linux does.
UNIT_TESTS += test_virtio_balloon
test_virtio_balloon_SRCS := tests/unit/test_virtio_balloon.c $(VIRTIO_SRCS) $(STRING_SRCS)
# MMIO emulation in the core (hv/core/mmio.c) over the core fixture.
UNIT_TESTS += test_mmio
test_mmio_SRCS := tests/unit/test_mmio.c $(CORE_UNIT_SRCS)
# The guest's 8259A pair with ELCR (hv/dev/i8259.c), as Linux programs it.
UNIT_TESTS += test_i8259
test_i8259_SRCS := tests/unit/test_i8259.c $(I8259_SRCS)
