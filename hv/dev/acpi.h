/*
 * The ACPI tables a Linux guest finds its virtio-mmio device by (issue 14):
 * Debian's kernel has no virtio_mmio.device= parameter, and its
 * virtio_mmio driver matches the ACPI id LNRO0005. Pure code: it writes
 * the tables into a buffer, so the host unit tests check every byte.
 */
#ifndef HV_DEV_ACPI_H
#define HV_DEV_ACPI_H

#include "hv/lib/types.h"

/* The one device the DSDT names: its register window and level IRQ. */
struct acpi_device {
	uint32_t mmio_base;
	uint32_t mmio_size;
	uint32_t irq;
};

/* Offsets of the tables inside the region acpi_build writes. */
#define ACPI_RSDP_OFFSET 0u
#define ACPI_XSDT_OFFSET 48u
#define ACPI_FADT_OFFSET 96u
#define ACPI_DSDT_OFFSET 384u
#define ACPI_FACS_OFFSET 512u /* after the DSDT, which ends before it */
/* Room the region needs: the FACS is last. */
#define ACPI_REGION_SIZE 576u
/* The FADT's PM1 event and control blocks, in port I/O (hv/dev/acpi_pm.c). */
#define ACPI_PM1A_EVT_PORT 0x600u
#define ACPI_PM1A_CNT_PORT 0x604u
#define ACPI_PM1_EVT_LEN 4u
#define ACPI_PM1_CNT_LEN 2u
#define ACPI_SCI_IRQ 9u

/*
 * acpi_build: RSDP (revision 2), XSDT, a FADT (revision 6.0), a DSDT
 * naming DEV and a FACS, into BUF of SIZE bytes, which the guest sees
 * at guest-physical GPA (16-byte aligned for the RSDP scan, below 4 GiB
 * for the FADT's 32-bit DSDT field). *LEN is what was written. ST_FULL if
 * SIZE is too small, ST_INVAL for a bad GPA or device.
 */
enum status acpi_build(void *buf, size_t size, uint32_t gpa, const struct acpi_device *dev,
		       size_t *len);

/* acpi_sum: the byte sum of LEN bytes (0 for a table whose checksum holds). */
uint8_t acpi_sum(const void *p, size_t len);

#endif
