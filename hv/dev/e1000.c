/* The 82540EM, polled (see e1000.h). Section numbers are the 8254x
 * manual's. */
#include "hv/dev/e1000.h"

#include "hv/arch/x86/mmio.h"
#include "hv/dev/pci.h"
#include "hv/lib/string.h"

#define E1000_VENDOR 0x8086
#define E1000_DEVICE_82540EM 0x100e
#define E1000_BAR_BYTES (128u << 10)

/* Registers (13.3, table 13-2): byte offsets in BAR0. */
#define CTRL 0x0000
#define EERD 0x0014
#define IMC 0x00d8
#define RCTL 0x0100
#define TCTL 0x0400
#define TIPG 0x0410
#define RDBAL 0x2800
#define RDBAH 0x2804
#define RDLEN 0x2808
#define RDH 0x2810
#define RDT 0x2818
#define TDBAL 0x3800
#define TDBAH 0x3804
#define TDLEN 0x3808
#define TDH 0x3810
#define TDT 0x3818
#define MTA 0x5200
#define MTA_ENTRIES 128
#define RAL0 0x5400
#define RAH0 0x5404

#define CTRL_ASDE (1u << 5)
#define CTRL_SLU (1u << 6)
#define CTRL_RST (1u << 26)
#define RCTL_EN (1u << 1)
#define RCTL_BAM (1u << 15)
#define RCTL_BSIZE_2048 (0u << 16)
#define RCTL_SECRC (1u << 26)
#define TCTL_EN (1u << 1)
#define TCTL_PSP (1u << 3)
#define TCTL_CT_SHIFT 4
#define TCTL_COLD_SHIFT 12
#define TCTL_CT 0x0fu           /* collision threshold, 13.4.33 */
#define TCTL_COLD 0x40u         /* collision distance, full duplex */
#define TIPG_IPGT 10u           /* 13.4.34, for 802.3 copper */
#define TIPG_IPGR1_SHIFT 10
#define TIPG_IPGR1 8u
#define TIPG_IPGR2_SHIFT 20
#define TIPG_IPGR2 6u
#define RAH_AV (1u << 31)
#define EERD_START (1u << 0)      /* 13.4.4, 82540EM */
#define EERD_DONE (1u << 4)
#define EERD_ADDR_SHIFT 8
#define EERD_DATA_SHIFT 16
#define EEPROM_MAC_WORDS 3        /* words 0-2: the Ethernet address, 5.6.1 */
#define IMC_ALL 0xffffffffu

/* Legacy descriptors (3.2.3, 3.3.3): 16 bytes, word 0 the buffer's
 * address, word 1 the fields below. */
#define DESC_WORDS 2
#define RDESC_LENGTH_MASK 0xffffull
#define RDESC_STATUS_DD (1ull << 32)
#define RDESC_STATUS_EOP (1ull << 33)
#define RDESC_ERRORS_SHIFT 40
#define RDESC_ERRORS_MASK 0xffull
#define TDESC_LENGTH_MASK 0xffffull
#define TDESC_CMD_EOP (1ull << 24)
#define TDESC_CMD_IFCS (1ull << 25)
#define TDESC_CMD_RS (1ull << 27)
#define TDESC_STATUS_DD (1ull << 32)

#define RX_DESCS 32
#define TX_DESCS 16
#define BUF_BYTES 2048
#define RESET_POLLS 100000

_Static_assert(DESC_WORDS * sizeof(uint64_t) == 16, "a descriptor is 16 bytes");
_Static_assert(RX_DESCS * 16 % 128 == 0 && TX_DESCS * 16 % 128 == 0,
	       "RDLEN and TDLEN are multiples of 128 bytes (13.4.27)");
_Static_assert(E1000_FRAME_MAX <= BUF_BYTES, "a frame fits one buffer");

/* In the hypervisor image, identity-mapped: the NIC reaches them by DMA. */
static volatile uint64_t rx_ring[RX_DESCS][DESC_WORDS] __attribute__((aligned(128)));
static volatile uint64_t tx_ring[TX_DESCS][DESC_WORDS] __attribute__((aligned(128)));
static uint8_t rx_buf[RX_DESCS][BUF_BYTES] __attribute__((aligned(16)));
static uint8_t tx_buf[TX_DESCS][BUF_BYTES] __attribute__((aligned(16)));

static uint32_t rd(const struct e1000 *nic, uint32_t reg)
{
	return *(volatile uint32_t *)(nic->regs + reg);
}

static void wr(struct e1000 *nic, uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(nic->regs + reg) = v;
}

static uint64_t phys(const volatile void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static int reset(struct e1000 *nic)
{
	wr(nic, IMC, IMC_ALL);
	wr(nic, CTRL, rd(nic, CTRL) | CTRL_RST);
	for (unsigned i = 0; i < RESET_POLLS; i++) {
		if (!(rd(nic, CTRL) & CTRL_RST)) {
			wr(nic, IMC, IMC_ALL);
			wr(nic, CTRL, rd(nic, CTRL) | CTRL_SLU | CTRL_ASDE);
			return ST_OK;
		}
	}
	return ST_IO;
}

/* One EEPROM word through EERD; 0 when the read does not finish. */
static uint16_t eeprom_read(struct e1000 *nic, uint8_t word)
{
	wr(nic, EERD, EERD_START | (uint32_t)word << EERD_ADDR_SHIFT);
	for (unsigned i = 0; i < RESET_POLLS; i++) {
		uint32_t v = rd(nic, EERD);

		if (v & EERD_DONE)
			return (uint16_t)(v >> EERD_DATA_SHIFT);
	}
	return 0;
}

/* The Ethernet address from the EEPROM (Bochs leaves receive address 0
 * clear after a reset), written to RAL0/RAH0 for the receive filter. */
static void read_mac(struct e1000 *nic)
{
	uint32_t lo = 0, hi = 0;

	for (uint8_t w = 0; w < EEPROM_MAC_WORDS; w++) {
		uint32_t v = eeprom_read(nic, w);

		if (w < 2)
			lo |= v << (16 * w);
		else
			hi = v;
	}
	wr(nic, RAL0, lo);
	for (unsigned i = 0; i < 4; i++)
		nic->mac[i] = (uint8_t)(lo >> (8 * i));
	nic->mac[4] = (uint8_t)hi;
	nic->mac[5] = (uint8_t)(hi >> 8);
	wr(nic, RAH0, hi | RAH_AV);
}

static void start_rx(struct e1000 *nic)
{
	for (unsigned i = 0; i < MTA_ENTRIES; i++)
		wr(nic, MTA + 4 * i, 0);
	for (unsigned i = 0; i < RX_DESCS; i++) {
		rx_ring[i][0] = phys(rx_buf[i]);
		rx_ring[i][1] = 0;
	}
	wr(nic, RDBAL, (uint32_t)phys(rx_ring));
	wr(nic, RDBAH, (uint32_t)(phys(rx_ring) >> 32));
	wr(nic, RDLEN, sizeof(rx_ring));
	wr(nic, RDH, 0);
	wr(nic, RDT, RX_DESCS - 1);
	nic->rx_next = 0;
	wr(nic, RCTL, RCTL_EN | RCTL_BAM | RCTL_BSIZE_2048 | RCTL_SECRC);
}

static void start_tx(struct e1000 *nic)
{
	for (unsigned i = 0; i < TX_DESCS; i++) {
		tx_ring[i][0] = phys(tx_buf[i]);
		tx_ring[i][1] = TDESC_STATUS_DD; /* free */
	}
	wr(nic, TDBAL, (uint32_t)phys(tx_ring));
	wr(nic, TDBAH, (uint32_t)(phys(tx_ring) >> 32));
	wr(nic, TDLEN, sizeof(tx_ring));
	wr(nic, TDH, 0);
	wr(nic, TDT, 0);
	nic->tx_next = 0;
	wr(nic, TIPG, TIPG_IPGT | TIPG_IPGR1 << TIPG_IPGR1_SHIFT |
			      TIPG_IPGR2 << TIPG_IPGR2_SHIFT);
	wr(nic, TCTL, TCTL_EN | TCTL_PSP | TCTL_CT << TCTL_CT_SHIFT |
			      TCTL_COLD << TCTL_COLD_SHIFT);
}

int e1000_probe(struct e1000 *nic)
{
	struct pci_dev d;
	int st;

	memset(nic, 0, sizeof(*nic));
	st = pci_find(E1000_VENDOR, E1000_DEVICE_82540EM, &d);
	if (st != ST_OK)
		return st;
	st = pci_bar0_mem(&d, &nic->bar);
	if (st != ST_OK)
		return st;
	st = mmio_map_uncached(nic->bar, E1000_BAR_BYTES);
	if (st != ST_OK)
		return st;
	pci_enable_mem_master(&d);
	nic->regs = (volatile uint8_t *)(uintptr_t)nic->bar;
	st = reset(nic);
	if (st != ST_OK)
		return st;
	read_mac(nic);
	start_rx(nic);
	start_tx(nic);
	return ST_OK;
}

int e1000_send(struct e1000 *nic, const void *frame, size_t len)
{
	unsigned i = nic->tx_next;

	if (len > E1000_FRAME_MAX)
		return ST_INVAL;
	if (!(tx_ring[i][1] & TDESC_STATUS_DD)) {
		nic->tx_dropped++;
		return ST_FULL;
	}
	memcpy(tx_buf[i], frame, len);
	tx_ring[i][1] = (len & TDESC_LENGTH_MASK) | TDESC_CMD_EOP |
			TDESC_CMD_IFCS | TDESC_CMD_RS;
	nic->tx_next = (i + 1) % TX_DESCS;
	nic->tx_frames++;
	__asm__ volatile("" : : : "memory");
	wr(nic, TDT, nic->tx_next);
	return ST_OK;
}

/* A frame the NIC split over buffers, or flagged in error, is skipped:
 * no frame we accept is longer than one buffer. */
bool e1000_receive(struct e1000 *nic, const void **frame, size_t *len)
{
	for (;;) {
		uint64_t w = rx_ring[nic->rx_next][1];

		if (!(w & RDESC_STATUS_DD))
			return false;
		if ((w & RDESC_STATUS_EOP) &&
		    !((w >> RDESC_ERRORS_SHIFT) & RDESC_ERRORS_MASK)) {
			*frame = rx_buf[nic->rx_next];
			*len = w & RDESC_LENGTH_MASK;
			nic->rx_frames++;
			return true;
		}
		e1000_receive_done(nic);
	}
}

void e1000_receive_done(struct e1000 *nic)
{
	unsigned i = nic->rx_next;

	rx_ring[i][1] = 0;
	nic->rx_next = (i + 1) % RX_DESCS;
	__asm__ volatile("" : : : "memory");
	wr(nic, RDT, i);
}
