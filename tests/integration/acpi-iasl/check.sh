#!/usr/bin/env bash
# The guest's ACPI tables (hv/dev/acpi.c) as ACPICA reads them: iasl
# disassembles the XSDT, FADT and DSDT that build/acpi-dump writes
# without a complaint, finds a PC's FADT (not hardware-reduced: Linux
# would drop the 8259 and the PIT) with its PM1 blocks, and the virtio-mmio
# device with its window and level interrupt, and compiling dsdt.asl here
# gives the DSDT's AML byte for byte (the header's compiler fields aside).
. "$(dirname "$0")/../lib/lib.sh"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
build/acpi-dump "$dir" || exit 1
(cd "$dir" && iasl -d xsdt.dat facp.dat dsdt.dat) > "$dir/log" 2>&1
check "iasl disassembles the tables" test $? -eq 0
console=$dir/log
check "iasl finds no error, warning or bad checksum" lacks '[Ee]rror|[Ww]arning|[Ii]ncorrect checksum'
console=$dir/facp.dsl
check "FADT is not hardware-reduced" has 'Hardware Reduced \(V5\) : 0'
check "FADT names the PM1a event block" has 'PM1A Event Block Address : 00000600'
check "FADT names the PM1a control block" has 'PM1A Control Block Address : 00000604'
check "FADT names the SCI" has 'SCI Interrupt : 0009'
check "FADT points at the DSDT" has 'DSDT Address : 000E0180'
console=$dir/dsdt.dsl
check "DSDT names LNRO0005" has 'Name \(_HID, "LNRO0005"\)'
check "DSDT gives the window" has '0xFEB00000, +// Address Base'
check "DSDT gives a level interrupt" has 'Interrupt \(ResourceConsumer, Level, ActiveHigh, Exclusive'
console=$dir/xsdt.dsl
check "XSDT lists the FADT" has 'ACPI Table Address   0 : 00000000000E0060'

cp tests/integration/acpi-iasl/dsdt.asl "$dir/ref.asl"
(cd "$dir" && iasl -p ref ref.asl) > /dev/null 2>&1
check "iasl compiles the reference ASL" test -s "$dir/ref.aml"
check "DSDT's AML is what iasl makes of the ASL" \
	cmp -s <(tail -c +37 "$dir/ref.aml") <(tail -c +37 "$dir/dsdt.dat")
