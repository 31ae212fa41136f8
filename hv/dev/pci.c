/* PCI configuration mechanism #1 (see pci.h). */
#include "hv/dev/pci.h"

#include "hv/arch/x86/cpu.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_CONFIG_ENABLE (1u << 31)
#define PCI_BUS_SHIFT 16
#define PCI_DEV_SHIFT 11
#define PCI_FN_SHIFT 8
#define PCI_REG_MASK 0xfcu

#define PCI_VENDOR_ID 0x00      /* device ID in the high half */
#define PCI_COMMAND 0x04
#define PCI_HEADER_TYPE 0x0c    /* byte 2 of this dword */
#define PCI_BAR0 0x10
#define PCI_VENDOR_NONE 0xffff
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_HEADER_MULTI (1u << 23) /* bit 7 of the header type byte */
#define PCI_BAR_IO (1u << 0)
#define PCI_BAR_TYPE_MASK (3u << 1)
#define PCI_BAR_TYPE_64 (2u << 1)
#define PCI_BAR_MEM_MASK 0xfffffff0u
#define PCI_DEVS 32
#define PCI_FNS 8

/* Only this file reads 32-bit ports. */
static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint32_t config_address(const struct pci_dev *d, uint8_t reg)
{
	return PCI_CONFIG_ENABLE | (uint32_t)d->bus << PCI_BUS_SHIFT |
	       (uint32_t)d->dev << PCI_DEV_SHIFT |
	       (uint32_t)d->fn << PCI_FN_SHIFT | (reg & PCI_REG_MASK);
}

static uint32_t config_read(const struct pci_dev *d, uint8_t reg)
{
	outl(PCI_CONFIG_ADDRESS, config_address(d, reg));
	return inl(PCI_CONFIG_DATA);
}

static void config_write(const struct pci_dev *d, uint8_t reg, uint32_t v)
{
	outl(PCI_CONFIG_ADDRESS, config_address(d, reg));
	outl(PCI_CONFIG_DATA, v);
}

int pci_find(uint16_t vendor, uint16_t device, struct pci_dev *out)
{
	uint32_t want = (uint32_t)device << 16 | vendor;

	for (uint8_t dev = 0; dev < PCI_DEVS; dev++) {
		for (uint8_t fn = 0; fn < PCI_FNS; fn++) {
			struct pci_dev d = { 0, dev, fn };
			uint32_t id = config_read(&d, PCI_VENDOR_ID);

			if ((id & 0xffff) == PCI_VENDOR_NONE) {
				if (fn == 0)
					break;
				continue;
			}
			if (id == want) {
				*out = d;
				return ST_OK;
			}
			if (fn == 0 && !(config_read(&d, PCI_HEADER_TYPE) &
					 PCI_HEADER_MULTI))
				break;
		}
	}
	return ST_NOENT;
}

int pci_bar0_mem(const struct pci_dev *d, maddr_t *base)
{
	uint32_t bar = config_read(d, PCI_BAR0);
	maddr_t b = bar & PCI_BAR_MEM_MASK;

	if (bar & PCI_BAR_IO)
		return ST_INVAL;
	if ((bar & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_64)
		b |= (maddr_t)config_read(d, PCI_BAR0 + 4) << 32;
	if (!b)
		return ST_INVAL;
	*base = b;
	return ST_OK;
}

void pci_enable_mem_master(const struct pci_dev *d)
{
	uint32_t cmd = config_read(d, PCI_COMMAND);

	config_write(d, PCI_COMMAND,
		     (cmd & 0xffff) | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}
