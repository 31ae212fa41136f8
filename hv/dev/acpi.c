/*
 * ACPI tables for a Linux guest (hv/dev/acpi.h): the RSDP Linux finds by
 * scanning 0xE0000-0xFFFFF or through boot_params.acpi_rsdp_addr, an XSDT
 * listing the FADT, a FADT of a PC (not hardware-reduced: Linux takes that
 * to mean no 8259 and no PIT, and keeps neither its timer nor its legacy
 * interrupts) with the PM1 event and control blocks such a FADT must
 * have, no PM timer, no SMI command port (the machine is in ACPI mode
 * from the start) and a FACS, and a DSDT whose one device, \_SB.VR00,
 * is a virtio-mmio window (_HID "LNRO0005") with a level interrupt.
 * Names and offsets from the ACPI 6.0 specification, sections 5.2 and 6.4.
 */
#include "hv/dev/acpi.h"

#include "hv/lib/string.h"

/* System description table header (5.2.6). */
#define SDT_HEADER_LEN 36u
#define SDT_LENGTH 4u
#define SDT_REVISION 8u
#define SDT_CHECKSUM 9u
#define SDT_OEMID 10u
#define SDT_OEM_TABLE_ID 16u
#define SDT_OEM_REVISION 24u
#define SDT_CREATOR_ID 28u
#define SDT_CREATOR_REVISION 32u

/* RSDP (5.2.5.3), revision 2: the first 20 bytes have their own checksum. */
#define RSDP_LEN 36u
#define RSDP_V1_LEN 20u
#define RSDP_CHECKSUM 8u
#define RSDP_OEMID 9u
#define RSDP_REVISION 15u
#define RSDP_LENGTH 20u
#define RSDP_XSDT 24u
#define RSDP_EXT_CHECKSUM 32u

/* FADT (5.2.9), revision 6. */
#define FADT_LEN 276u
#define FADT_REVISION 6u
#define FADT_MINOR_VERSION 131u
#define FADT_FIRMWARE_CTRL 36u
#define FADT_DSDT 40u
#define FADT_SCI_INT 46u
#define FADT_PM1A_EVT_BLK 56u
#define FADT_PM1A_CNT_BLK 64u
#define FADT_PM1_EVT_LEN 88u
#define FADT_PM1_CNT_LEN 89u
#define FADT_FLAGS 112u
#define FADT_X_DSDT 140u
#define FADT_HYPERVISOR_ID 268u
#define FADT_WBINVD (1u << 0)
#define FADT_PWR_BUTTON (1u << 4) /* set: no fixed-feature power button */
#define FADT_SLP_BUTTON (1u << 5)
#define FADT_FLAGS_PC (FADT_WBINVD | FADT_PWR_BUTTON | FADT_SLP_BUTTON)

/* FACS (5.2.10), version 2: no checksum, the global lock free. */
#define FACS_LEN 64u
#define FACS_LENGTH 4u
#define FACS_VERSION 32u

#define XSDT_LEN (SDT_HEADER_LEN + 8u)
#define DSDT_REVISION 2u /* 64-bit integers in AML */

_Static_assert(ACPI_RSDP_OFFSET + RSDP_LEN <= ACPI_XSDT_OFFSET, "RSDP fits");
_Static_assert(ACPI_XSDT_OFFSET + XSDT_LEN <= ACPI_FADT_OFFSET, "XSDT fits");
_Static_assert(ACPI_FADT_OFFSET + FADT_LEN <= ACPI_DSDT_OFFSET, "FADT fits");
_Static_assert(ACPI_FACS_OFFSET % 64 == 0 && ACPI_FACS_OFFSET + FACS_LEN == ACPI_REGION_SIZE,
	       "FACS 64-byte aligned, last");
_Static_assert(ACPI_XSDT_OFFSET % 8 == 0 && ACPI_FADT_OFFSET % 8 == 0 &&
		       ACPI_DSDT_OFFSET % 8 == 0, "tables 8-byte aligned");

/* AML opcodes (20.2) and resource descriptors (6.4). */
#define AML_ZERO 0x00
#define AML_NAME 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_STRING_PREFIX 0x0d
#define AML_SCOPE 0x10
#define AML_BUFFER 0x11
#define AML_EXT_PREFIX 0x5b
#define AML_DEVICE 0x82
#define RES_MEMORY32_FIXED 0x86
#define RES_MEMORY32_FIXED_LEN 9u
#define RES_MEMORY_READ_WRITE 0x01
#define RES_EXT_IRQ 0x89
#define RES_EXT_IRQ_LEN 6u
#define RES_IRQ_CONSUMER 0x01 /* level, active-high, exclusive: bits 1-3 clear */
#define RES_END_TAG 0x79
#define PKG_LEN_1BYTE_MAX 63u
#define PKG_LEN_2BYTE_MAX 4095u

uint8_t acpi_sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + b[i]);
	return sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void sdt_header(uint8_t *t, const char sig[4], uint32_t len, uint8_t revision)
{
	memcpy(t, sig, 4);
	put32(t + SDT_LENGTH, len);
	t[SDT_REVISION] = revision;
	memcpy(t + SDT_OEMID, "BALAST", 6);
	memcpy(t + SDT_OEM_TABLE_ID, "BALLAST ", 8);
	put32(t + SDT_OEM_REVISION, 1);
	memcpy(t + SDT_CREATOR_ID, "BLST", 4);
	put32(t + SDT_CREATOR_REVISION, 1);
}

/* sdt_seal: the checksum byte that makes the table's bytes sum to zero. */
static void sdt_seal(uint8_t *t, uint32_t len)
{
	t[SDT_CHECKSUM] = 0;
	t[SDT_CHECKSUM] = (uint8_t)-acpi_sum(t, len);
}

static void rsdp(uint8_t *r, uint32_t xsdt_gpa)
{
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + RSDP_OEMID, "BALAST", 6);
	r[RSDP_REVISION] = 2;
	put32(r + RSDP_LENGTH, RSDP_LEN);
	put64(r + RSDP_XSDT, xsdt_gpa);
	r[RSDP_CHECKSUM] = (uint8_t)-acpi_sum(r, RSDP_V1_LEN);
	r[RSDP_EXT_CHECKSUM] = (uint8_t)-acpi_sum(r, RSDP_LEN);
}

static void fadt(uint8_t *f, uint32_t dsdt_gpa, uint32_t facs_gpa)
{
	sdt_header(f, "FACP", FADT_LEN, FADT_REVISION);
	put32(f + FADT_FIRMWARE_CTRL, facs_gpa);
	put32(f + FADT_DSDT, dsdt_gpa);
	put16(f + FADT_SCI_INT, ACPI_SCI_IRQ);
	put32(f + FADT_PM1A_EVT_BLK, ACPI_PM1A_EVT_PORT);
	put32(f + FADT_PM1A_CNT_BLK, ACPI_PM1A_CNT_PORT);
	f[FADT_PM1_EVT_LEN] = ACPI_PM1_EVT_LEN;
	f[FADT_PM1_CNT_LEN] = ACPI_PM1_CNT_LEN;
	put32(f + FADT_FLAGS, FADT_FLAGS_PC);
	f[FADT_MINOR_VERSION] = 0;
	put64(f + FADT_X_DSDT, dsdt_gpa);
	memcpy(f + FADT_HYPERVISOR_ID, "BALLAST ", 8);
	sdt_seal(f, FADT_LEN);
}

/*
 * pkg_length: encodes the PkgLength (20.2.4) of a package whose contents
 * after it are BODY bytes, counting its own bytes as the AML does; its
 * size (1 or 2 bytes), 0 if BODY is too long for two.
 */
static size_t pkg_length(uint8_t *out, size_t body)
{
	if (body + 1 <= PKG_LEN_1BYTE_MAX) {
		out[0] = (uint8_t)(body + 1);
		return 1;
	}
	if (body + 2 > PKG_LEN_2BYTE_MAX)
		return 0;
	out[0] = (uint8_t)(0x40 | ((body + 2) & 0xf));
	out[1] = (uint8_t)((body + 2) >> 4);
	return 2;
}

/* wrap: OP (1 or 2 bytes), PkgLength and BODY, at OUT; its size or 0. */
static size_t wrap(uint8_t *out, const uint8_t *op, size_t op_len, const uint8_t *body,
		   size_t body_len)
{
	memcpy(out, op, op_len);
	size_t n = pkg_length(out + op_len, body_len);

	if (n == 0)
		return 0;
	memcpy(out + op_len + n, body, body_len);
	return op_len + n + body_len;
}

/* name_op: NameOp and a four-character name. */
static size_t name_op(uint8_t *p, const char name[4])
{
	p[0] = AML_NAME;
	memcpy(p + 1, name, 4);
	return 5;
}

/* crs: the resource template: Memory32Fixed, one Interrupt, the end tag. */
static size_t crs(uint8_t *p, const struct acpi_device *d)
{
	p[0] = RES_MEMORY32_FIXED;
	put16(p + 1, RES_MEMORY32_FIXED_LEN);
	p[3] = RES_MEMORY_READ_WRITE;
	put32(p + 4, d->mmio_base);
	put32(p + 8, d->mmio_size);
	p[12] = RES_EXT_IRQ;
	put16(p + 13, RES_EXT_IRQ_LEN);
	p[15] = RES_IRQ_CONSUMER;
	p[16] = 1; /* one interrupt in the table */
	put32(p + 17, d->irq);
	p[21] = RES_END_TAG;
	p[22] = 0; /* a zero checksum means "not computed" (6.4.2.9) */
	return 23;
}

/* device_body: VR00's name, _HID, _UID and _CRS. */
static size_t device_body(uint8_t *p, const struct acpi_device *d)
{
	static const uint8_t buffer_op = AML_BUFFER;
	uint8_t res[32];
	size_t n = 0;

	memcpy(p, "VR00", 4);
	n += 4;
	n += name_op(p + n, "_HID");
	p[n++] = AML_STRING_PREFIX;
	memcpy(p + n, "LNRO0005", 9); /* the string and its NUL */
	n += 9;
	n += name_op(p + n, "_UID");
	p[n++] = AML_ZERO;
	n += name_op(p + n, "_CRS");
	res[0] = AML_BYTE_PREFIX;
	res[1] = (uint8_t)crs(res + 2, d);
	return n + wrap(p + n, &buffer_op, 1, res, 2u + res[1]);
}

/* dsdt_aml: Scope (_SB) { Device (VR00) { ... } }; its size. */
static size_t dsdt_aml(uint8_t *p, const struct acpi_device *d)
{
	static const uint8_t scope_op = AML_SCOPE;
	static const uint8_t device_op[2] = {AML_EXT_PREFIX, AML_DEVICE};
	uint8_t body[64], scope[96];
	size_t n = device_body(body, d);

	/* at the root, _SB_ names \_SB_; iasl leaves the backslash out too */
	memcpy(scope, "_SB_", 4);
	n = wrap(scope + 4, device_op, 2, body, n);
	return wrap(p, &scope_op, 1, scope, 4 + n);
}

static bool device_ok(const struct acpi_device *d)
{
	return d->mmio_size != 0 && d->mmio_base + (uint64_t)d->mmio_size <= (1ull << 32) &&
	       d->irq < 16;
}

enum status acpi_build(void *buf, size_t size, uint32_t gpa, const struct acpi_device *dev,
		       size_t *len)
{
	uint8_t *b = buf;

	if (gpa % 16 != 0 || (uint64_t)gpa + ACPI_REGION_SIZE > (1ull << 32) || !device_ok(dev))
		return ST_INVAL;
	if (size < ACPI_REGION_SIZE)
		return ST_FULL;
	memset(b, 0, ACPI_REGION_SIZE);
	size_t dsdt_len = SDT_HEADER_LEN + dsdt_aml(b + ACPI_DSDT_OFFSET + SDT_HEADER_LEN, dev);

	sdt_header(b + ACPI_DSDT_OFFSET, "DSDT", (uint32_t)dsdt_len, DSDT_REVISION);
	sdt_seal(b + ACPI_DSDT_OFFSET, (uint32_t)dsdt_len);
	fadt(b + ACPI_FADT_OFFSET, gpa + ACPI_DSDT_OFFSET, gpa + ACPI_FACS_OFFSET);
	memcpy(b + ACPI_FACS_OFFSET, "FACS", 4);
	put32(b + ACPI_FACS_OFFSET + FACS_LENGTH, FACS_LEN);
	b[ACPI_FACS_OFFSET + FACS_VERSION] = 2;
	sdt_header(b + ACPI_XSDT_OFFSET, "XSDT", XSDT_LEN, 1);
	put64(b + ACPI_XSDT_OFFSET + SDT_HEADER_LEN, gpa + ACPI_FADT_OFFSET);
	sdt_seal(b + ACPI_XSDT_OFFSET, XSDT_LEN);
	rsdp(b + ACPI_RSDP_OFFSET, gpa + ACPI_XSDT_OFFSET);
	*len = ACPI_REGION_SIZE;
	return ST_OK;
}
