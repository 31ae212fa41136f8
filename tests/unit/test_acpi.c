/*
 * Unit tests of the guest's ACPI tables (hv/dev/acpi.c): every checksum
 * and length, the pointers from RSDP to XSDT to FADT to DSDT and FACS,
 * the FADT's flags and PM1 blocks (a PC's, not hardware-reduced), the DSDT's AML byte for byte against what iasl
 * makes of the same ASL (tests/integration/acpi-iasl compiles it), and
 * each bad argument refused without a byte written.
 */
#include "hv/dev/acpi.h"
#include "tests/unit/check.h"

#include <string.h>

#define GPA 0xe0000u

static uint8_t region[ACPI_REGION_SIZE + 64];
static const struct acpi_device dev = {.mmio_base = 0xfeb00000u, .mmio_size = 0x200, .irq = 5};

/* iasl -p of tests/integration/acpi-iasl/dsdt.asl, less its header. */
static const uint8_t dsdt_aml[] = {
	0x10, 0x42, 0x04, 0x5f, 0x53, 0x42, 0x5f, 0x5b, 0x82, 0x3a, 0x56, 0x52, 0x30, 0x30,
	0x08, 0x5f, 0x48, 0x49, 0x44, 0x0d, 0x4c, 0x4e, 0x52, 0x4f, 0x30, 0x30, 0x30, 0x35,
	0x00, 0x08, 0x5f, 0x55, 0x49, 0x44, 0x00, 0x08, 0x5f, 0x43, 0x52, 0x53, 0x11, 0x1a,
	0x0a, 0x17, 0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0xb0, 0xfe, 0x00, 0x02, 0x00, 0x00,
	0x89, 0x06, 0x00, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00, 0x79, 0x00,
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static size_t build(void)
{
	size_t len = 0;

	memset(region, 0xa5, sizeof(region));
	CHECK(acpi_build(region, sizeof(region), GPA, &dev, &len) == ST_OK);
	return len;
}

/* table GPA-ADDR: the table the guest would find at guest address ADDR. */
static const uint8_t *table(uint64_t addr)
{
	CHECK(addr >= GPA && addr < GPA + ACPI_REGION_SIZE);
	return region + (addr - GPA);
}

static void test_rsdp(void)
{
	build();
	CHECK(memcmp(region, "RSD PTR ", 8) == 0);
	CHECK(acpi_sum(region, 20) == 0);
	CHECK(acpi_sum(region, 36) == 0);
	CHECK(region[15] == 2);
	CHECK(get32(region + 20) == 36);
	CHECK(get32(region + 16) == 0); /* no RSDT: the XSDT only */
	CHECK(get64(region + 24) == GPA + ACPI_XSDT_OFFSET);
}

static void test_xsdt_fadt(void)
{
	build();
	const uint8_t *x = table(get64(region + 24));

	CHECK(memcmp(x, "XSDT", 4) == 0);
	CHECK(get32(x + 4) == 44);
	CHECK(acpi_sum(x, 44) == 0);
	const uint8_t *f = table(get64(x + 36));

	CHECK(memcmp(f, "FACP", 4) == 0);
	CHECK(get32(f + 4) == 276);
	CHECK(f[8] == 6);
	CHECK(acpi_sum(f, 276) == 0);
	/* WBINVD, no fixed-feature power or sleep button; not hardware-
	 * reduced (bit 20), or Linux drops the 8259 and the PIT */
	CHECK(get32(f + 112) == 0x31);
	CHECK(get16(f + 46) == 9);                      /* SCI_INT */
	CHECK(get32(f + 48) == 0);                      /* no SMI_CMD */
	CHECK(get32(f + 56) == 0x600 && f[88] == 4);    /* PM1a_EVT_BLK */
	CHECK(get32(f + 64) == 0x604 && f[89] == 2);    /* PM1a_CNT_BLK */
	CHECK(get32(f + 36) == GPA + ACPI_FACS_OFFSET); /* FIRMWARE_CTRL */
	const uint8_t *facs = table(GPA + ACPI_FACS_OFFSET);

	CHECK(memcmp(facs, "FACS", 4) == 0 && get32(facs + 4) == 64 && facs[32] == 2);
	CHECK(get32(facs + 16) == 0); /* the global lock free */
	CHECK(get32(f + 40) == GPA + ACPI_DSDT_OFFSET);
	CHECK(get64(f + 140) == GPA + ACPI_DSDT_OFFSET);
	CHECK(get32(f + 76) == 0); /* no PM timer */
	CHECK(memcmp(f + 268, "BALLAST ", 8) == 0);
}

static void test_dsdt(void)
{
	size_t len = build();
	const uint8_t *d = table(GPA + ACPI_DSDT_OFFSET);

	CHECK(memcmp(d, "DSDT", 4) == 0);
	CHECK(get32(d + 4) == 36 + sizeof(dsdt_aml));
	CHECK(acpi_sum(d, get32(d + 4)) == 0);
	CHECK(memcmp(d + 36, dsdt_aml, sizeof(dsdt_aml)) == 0);
	CHECK(ACPI_DSDT_OFFSET + 36 + sizeof(dsdt_aml) <= ACPI_FACS_OFFSET);
	CHECK(len == ACPI_REGION_SIZE); /* the FACS is last */
	CHECK(len <= ACPI_REGION_SIZE);
	CHECK(region[ACPI_REGION_SIZE] == 0xa5); /* nothing past the region */
}

/* refused ADDR SIZE DEVICE: acpi_build returns WANT and writes nothing. */
static void refused(uint32_t gpa, size_t size, struct acpi_device d, enum status want)
{
	size_t len = 7;

	memset(region, 0xa5, sizeof(region));
	CHECK(acpi_build(region, size, gpa, &d, &len) == want);
	CHECK(len == 7);
	CHECK(region[0] == 0xa5);
}

static void test_bad_arguments(void)
{
	struct acpi_device d = dev;

	refused(GPA + 8, sizeof(region), d, ST_INVAL);
	refused(0xffffff00u, sizeof(region), d, ST_INVAL);
	refused(GPA, ACPI_REGION_SIZE - 1, d, ST_FULL);
	d.irq = 16;
	refused(GPA, sizeof(region), d, ST_INVAL);
	d = dev;
	d.mmio_size = 0;
	refused(GPA, sizeof(region), d, ST_INVAL);
	d = dev;
	d.mmio_base = 0xffffff00u;
	refused(GPA, sizeof(region), d, ST_INVAL);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{"RSDP checksums and XSDT pointer", test_rsdp},
		{"XSDT, a PC's FADT (not hardware-reduced) and its FACS", test_xsdt_fadt},
		{"DSDT names the virtio-mmio device as iasl would", test_dsdt},
		{"bad arguments refused, nothing written", test_bad_arguments},
	};
	return CHECK_RUN("acpi", tests);
}
