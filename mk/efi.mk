# The UEFI path (issue 6): BOOTX64.EFI from Debian's gnu-efi (build an ELF
# shared object, then objcopy it to a PE application), the ESP image, and
# the QEMU launchers: OVMF (run-qemu), the Multiboot2 ISO (run-qemu-iso)
# and nested VT-x under KVM (run-kvm).

EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib
EFI_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror -Wmissing-prototypes \
	-I. -Iinclude -I$(EFI_INC) -I$(EFI_INC)/x86_64 \
	-fpic -fshort-wchar -mno-red-zone -ffreestanding -fno-stack-protector \
	-maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI -DEFI_FUNCTION_WRAPPER $(REPRO_CFLAGS)
EFI_SRCS := $(EFI_LOADER_SRCS) $(EFI_ELF_SRCS) $(EFI_BOOTMAP_SRCS) \
	$(EFI_SCNNAME_SRCS) $(CHECKSUM_SRCS)
EFI_OBJS := $(patsubst %,$(BUILD)/efi/%.o,$(EFI_SRCS))
EFI_APP := $(BUILD)/BOOTX64.EFI

$(BUILD)/efi/%.c.o: %.c $(BUILD_RULES) | deps-efi
	@mkdir -p $(@D)
	@echo "  CC      $< (efi)"
	@gcc $(EFI_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

$(BUILD)/efi/bootx64.so: $(EFI_OBJS)
	@echo "  LD      $@"
	@ld -nostdlib -znocombreloc -shared -Bsymbolic -T $(EFI_LIB)/elf_x86_64_efi.lds \
		$(EFI_LIB)/crt0-efi-x86_64.o $(EFI_OBJS) -o $@ -L$(EFI_LIB) -lefi -lgnuefi

$(EFI_APP): $(BUILD)/efi/bootx64.so
	@echo "  EFI     $@"
	@objcopy -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym \
		-j .rel -j .rela -j '.rel.*' -j '.rela.*' -j .reloc \
		--target=efi-app-x86_64 --subsystem=10 $< $@

ALL_TARGETS += $(EFI_APP)
-include $(EFI_OBJS:.o=.d)

# make esp: build/esp.img for SCENARIO. Rebuilt every time (mtools takes
# milliseconds), so it never holds another scenario than the one asked for.
ESP := $(BUILD)/esp.img
ESP_INPUTS := $(EFI_APP) $(BUILD)/ballast.elf $(BUILD)/guest-stub.bin

.PHONY: esp run-qemu run-qemu-iso run-kvm FORCE
FORCE:
$(ESP): $(ESP_INPUTS) $(SCENARIO) scripts/make-esp.sh FORCE | deps-efi
	@echo "  ESP     $@ ($(SCENARIO))"
	@scripts/make-esp.sh $@ $(ESP_INPUTS) $(SCENARIO)
esp: $(ESP)

# The launchers: console on the terminal and in out/RUNNER/NAME/console.log,
# trace.csv, summary.txt and swap.img beside it (RUNNER qemu, qemu-iso or
# kvm).
run-qemu: RUNNER := qemu
run-qemu: deps-qemu $(ESP) swap-disk
	@$(run-status scripts/run-qemu.sh ovmf $(ESP) $(RUNNER_DIR) $(SWAP_IMG))
run-qemu-iso: RUNNER := qemu-iso
run-qemu-iso: deps-qemu $(ISO) swap-disk
	@$(run-status scripts/run-qemu.sh iso $(ISO) $(RUNNER_DIR) $(SWAP_IMG))
run-kvm: RUNNER := kvm
run-kvm: deps-qemu $(ESP) swap-disk
	@$(run-status scripts/run-qemu.sh kvm $(ESP) $(RUNNER_DIR) $(SWAP_IMG))

# Host unit tests of the loader's pure parts and the shared checksum.
UNIT_TESTS += test_checksum test_efi_elf test_efi_bootmap test_efi_scnname
test_checksum_SRCS := tests/unit/test_checksum.c $(CHECKSUM_SRCS)
test_efi_elf_SRCS := tests/unit/test_efi_elf.c $(EFI_ELF_SRCS)
test_efi_bootmap_SRCS := tests/unit/test_efi_bootmap.c $(EFI_BOOTMAP_SRCS)
test_efi_scnname_SRCS := tests/unit/test_efi_scnname.c $(EFI_SCNNAME_SRCS)
$(BUILD)/unit/obj/test_efi_bootmap/%: HOST_CFLAGS += -I$(EFI_INC) -I$(EFI_INC)/x86_64
