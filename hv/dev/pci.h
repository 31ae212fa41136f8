/*
 * PCI configuration space through configuration mechanism #1 (ports
 * 0xCF8/0xCFC, PCI Local Bus Specification 3.0, section 3.2.2.3.2): a scan
 * of bus 0 for one vendor and device, its BAR0 and its command register.
 */
#ifndef HV_DEV_PCI_H
#define HV_DEV_PCI_H

#include "hv/lib/types.h"

struct pci_dev {
	uint8_t bus, dev, fn;
};

/* Finds the first function with this vendor and device ID on bus 0;
 * ST_NOENT when none. */
int pci_find(uint16_t vendor, uint16_t device, struct pci_dev *out);
/* BAR0 as a memory address; ST_INVAL when it is an I/O BAR or unset. */
int pci_bar0_mem(const struct pci_dev *d, maddr_t *base);
/* Lets the function answer memory accesses and master the bus (DMA). */
void pci_enable_mem_master(const struct pci_dev *d);

#endif
