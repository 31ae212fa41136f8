// The DSDT of hv/dev/acpi.c for the device of tests/unit/acpi_dump.c, in ASL:
// its test compiles it with iasl and compares the AML.
DefinitionBlock ("", "DSDT", 2, "BALAST", "BALLAST ", 1)
{
    Scope (\_SB)
    {
        Device (VR00)
        {
            Name (_HID, "LNRO0005")
            Name (_UID, Zero)
            Name (_CRS, ResourceTemplate ()
            {
                Memory32Fixed (ReadWrite, 0xFEB00000, 0x00000200)
                Interrupt (ResourceConsumer, Level, ActiveHigh, Exclusive) { 5 }
            })
        }
    }
}
