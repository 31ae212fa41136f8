# Helpers for the QEMU tests: build an ESP (or ISO) for a scenario, boot it
# with scripts/run-qemu.sh, and read what the UEFI loader and the
# hypervisor printed. Source it from a test script; it sources lib.sh for
# check/has/lacks.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

qemu_scn=tests/integration/lib/qemu.scn
qemu_megs=256

build_parts() {
	make -s build/ballast.elf build/guest-stub.bin build/BOOTX64.EFI >/dev/null
}

# esp_image NAME HV: build/esp/test-NAME.img holding HV as ballast.elf,
# the guest stub and the test scenario; its path in $image.
esp_image() {
	image=build/esp/test-$1.img
	scripts/make-esp.sh "$image" build/BOOTX64.EFI "$2" build/guest-stub.bin "$qemu_scn"
}

# run_qemu MODE NAME IMAGE: boots IMAGE; leaves out/test/qemu-NAME/ (the
# launcher's own messages in run-qemu.err), the launcher's verdict in
# $boot_status and QEMU's exit status in $qemu_status.
run_qemu() {
	out=out/test/qemu-$2
	mkdir -p "$out"
	QEMU_QUIET=1 QEMU_MEGS=$qemu_megs QEMU_TIMEOUT=${QEMU_TIMEOUT:-60} QEMU_CPU=${QEMU_CPU:-max} \
		scripts/run-qemu.sh "$1" "$3" "$out" 2>"$out/run-qemu.err"
	boot_status=$?
	console=$out/console.log
	qemu_status=$(cat "$out/qemu-status" 2>/dev/null)
}

# crc_of FILE: its CRC-32 as the host computes it (zlib), 8 hex digits.
crc_of() {
	python3 -c 'import sys, zlib; print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' "$1"
}

# size_crc PREFIX: "SIZE CRC" from the console line that starts with
# PREFIX and ends "N bytes, checksum 0xC" (hex in lower case: the loader
# prints upper case).
size_crc() {
	grep -F -- "$1" "$console" | head -n 1 |
		sed -n 's/.*: \([0-9]*\) bytes, checksum 0x\([0-9A-Fa-f]*\)$/\1 \2/p' | tr A-F a-f
}

# usable_in_range: the hypervisor's usable total is at most -m and at
# least 85% of it (the rest is firmware, ACPI and the legacy hole).
usable_in_range() {
	local n
	n=$(sed -n 's/^ballast: boot memory map: \([0-9]*\) usable bytes in [0-9]* ranges$/\1/p' "$console")
	[ -n "$n" ] && [ $((n * 100)) -ge $((qemu_megs * 1048576 * 85)) ] &&
		[ "$n" -le $((qemu_megs * 1048576)) ]
}

# check_module NAME FILE: the hypervisor received module NAME with FILE's
# size and the CRC-32 the host computes.
check_module() {
	check "the hypervisor got module $1 intact (size, checksum)" \
		[ "$(size_crc "ballast: module $1: ")" = "$(stat -c %s "$2") $(crc_of "$2")" ]
}

# check_svm_run: QEMU's TCG -cpu max is an AMD CPU with SVM and nested
# paging but no NRIPS: the hypervisor turns its SVM back end on, says how
# it advances RIP, runs the scenario's guest to pass and ends QEMU with
# status 0 (exit 1).
check_svm_run() {
	check "the hypervisor turns SVM on: 16 ASIDs, RIP by instruction lengths" \
		has '^ballast: SVM on: 16 ASIDs, next RIP from instruction lengths \(no NRIPS\), '
	check "the guest passes" passed q1
	check "run status 0" [ "$boot_status" -eq 0 ]
	check "QEMU exit status 1 (isa-debug-exit, 0 << 1 | 1)" [ "$qemu_status" = 1 ]
}

# check_no_virt WHAT...: the run reached the back-end check, printed each
# line WHAT (an extended regex) that says what is missing and what to use
# instead, and ended QEMU with status 3 (exit 7).
check_no_virt() {
	local what
	for what in "$@"; do
		check "the hypervisor says: ${what//\\/}" has "^ballast: $what\$"
	done
	check "it names what to use instead" has 'use Bochs \(make run\), QEMU \(make run-qemu\) or '
	check "run status 3 (no usable virtualization)" [ "$boot_status" -eq 3 ]
	check "QEMU exit status 7 (isa-debug-exit, 3 << 1 | 1)" [ "$qemu_status" = 7 ]
}
