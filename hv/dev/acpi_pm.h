/*
 * A guest's ACPI PM1 event and control blocks (ACPI 6.0 section 4.8.3),
 * which a FADT that is not hardware-reduced must name (hv/dev/acpi.h
 * gives their ports): PM1a_STS reads 0 (no fixed event ever happens:
 * no power or sleep button, no RTC alarm, no global-lock release),
 * PM1a_EN keeps what is written, PM1a_CNT has SCI_EN set (the machine is
 * in ACPI mode, having no SMI command port) and keeps the rest, a sleep
 * request (SLP_EN) included, which puts nothing to sleep: the DSDT has no
 * sleep states for a guest to ask for. Pure code, host unit-tested.
 */
#ifndef HV_DEV_ACPI_PM_H
#define HV_DEV_ACPI_PM_H

#include <stdbool.h>
#include <stdint.h>

struct acpi_pm {
	uint16_t enable;
	uint16_t control;
};

void acpi_pm_init(struct acpi_pm *p);
bool acpi_pm_claims(uint16_t port);
uint8_t acpi_pm_read(struct acpi_pm *p, uint16_t port);
void acpi_pm_write(struct acpi_pm *p, uint16_t port, uint8_t v);

#endif
