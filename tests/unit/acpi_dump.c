/*
 * acpi-dump DIR: writes the guest's ACPI tables (hv/dev/acpi.c, for the
 * device window and IRQ of tests/integration/acpi-iasl/dsdt.asl) as
 * DIR/xsdt.dat, facp.dat and dsdt.dat (the RSDP is no table iasl reads), so the test there can
 * have iasl disassemble the very bytes the hypervisor hands a guest.
 */
#include "hv/dev/acpi.h"

#include <stdio.h>

static int dump(const char *dir, const char *name, const uint8_t *p, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

static uint32_t length(const uint8_t *t)
{
	return t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;
}

int main(int argc, char **argv)
{
	static uint8_t region[ACPI_REGION_SIZE];
	const struct acpi_device dev = {.mmio_base = 0xfeb00000u, .mmio_size = 0x200, .irq = 5};
	size_t len;

	if (argc != 2) {
		fprintf(stderr, "usage: acpi-dump DIR\n");
		return 2;
	}
	if (acpi_build(region, sizeof(region), 0xe0000u, &dev, &len) != ST_OK) {
		fprintf(stderr, "acpi-dump: acpi_build failed\n");
		return 1;
	}
	const uint8_t *x = region + ACPI_XSDT_OFFSET, *f = region + ACPI_FADT_OFFSET;
	const uint8_t *d = region + ACPI_DSDT_OFFSET;

	return dump(argv[1], "xsdt", x, length(x)) |
	       dump(argv[1], "facp", f, length(f)) | dump(argv[1], "dsdt", d, length(d));
}
