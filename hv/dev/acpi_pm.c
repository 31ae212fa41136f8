/*
 * The PM1 blocks (acpi_pm.h), byte by byte as a guest's port accesses
 * come (guest_dev.c splits wider ones): status at PM1a_EVT + 0, enable at
 * + 2, control at PM1a_CNT.
 */
#include "hv/dev/acpi_pm.h"

#include "hv/dev/acpi.h"

#define PM1_EN_OFFSET 2u
#define PM1_CNT_SCI_EN 0x0001u

void acpi_pm_init(struct acpi_pm *p)
{
	*p = (struct acpi_pm){ .control = PM1_CNT_SCI_EN };
}

bool acpi_pm_claims(uint16_t port)
{
	return (port >= ACPI_PM1A_EVT_PORT && port < ACPI_PM1A_EVT_PORT + ACPI_PM1_EVT_LEN) ||
	       (port >= ACPI_PM1A_CNT_PORT && port < ACPI_PM1A_CNT_PORT + ACPI_PM1_CNT_LEN);
}

/* reg: the 16-bit register PORT is a byte of; NULL for the status
 * register, which reads 0. */
static uint16_t *reg(struct acpi_pm *p, uint16_t port)
{
	if (port >= ACPI_PM1A_CNT_PORT)
		return &p->control;
	if (port >= ACPI_PM1A_EVT_PORT + PM1_EN_OFFSET)
		return &p->enable;
	return 0;
}

uint8_t acpi_pm_read(struct acpi_pm *p, uint16_t port)
{
	const uint16_t *r = reg(p, port);

	if (!r)
		return 0;
	return (uint8_t)((port & 1) ? *r >> 8 : *r);
}

/* Status bits are cleared by writing ones: there are none to clear. */
void acpi_pm_write(struct acpi_pm *p, uint16_t port, uint8_t v)
{
	uint16_t *r = reg(p, port);

	if (!r)
		return;
	if (port & 1)
		*r = (uint16_t)((*r & 0x00ffu) | v << 8);
	else
		*r = (uint16_t)((*r & 0xff00u) | v);
	p->control |= PM1_CNT_SCI_EN;
}
