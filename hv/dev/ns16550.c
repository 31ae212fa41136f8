/*
 * The guest's 16550 (ns16550.h): registers by offset from COM1, with the
 * divisor latch behind LCR.DLAB as the datasheet's table 2 has them.
 */
#include "hv/dev/ns16550.h"

enum {
	REG_RBR_THR = 0, /* DLAB: DLL */
	REG_IER = 1,     /* DLAB: DLM */
	REG_IIR_FCR = 2,
	REG_LCR = 3,
	REG_MCR = 4,
	REG_LSR = 5,
	REG_MSR = 6,
	REG_SCR = 7,
};

#define LCR_DLAB 0x80u
#define MCR_LOOP 0x10u
#define MCR_MODEM_MASK 0x0fu
#define MCR_OUT2 0x08u
#define IIR_NONE 0x01u
#define IIR_THRE 0x02u
#define IIR_FIFO 0xc0u
#define LSR_THRE 0x20u
#define LSR_TEMT 0x40u
#define MSR_CTS 0x10u
#define MSR_DSR 0x20u
#define MSR_DCD 0x80u
#define IER_MASK 0x0fu
#define IER_ETBEI 0x02u

void ns16550_init(struct ns16550 *u)
{
	*u = (struct ns16550){ .dll = 1 }; /* 115200 baud */
}

bool ns16550_claims(uint16_t port)
{
	return port >= NS16550_COM1 && port < NS16550_COM1 + NS16550_PORTS;
}

/* Loopback ties DTR, RTS, OUT1, OUT2 to DSR, CTS, RI, DCD (datasheet
 * section 8.6), which is how drivers find the chip is there. */
static uint8_t modem_status(const struct ns16550 *u)
{
	uint8_t m = u->mcr & MCR_MODEM_MASK;

	if (!(u->mcr & MCR_LOOP))
		return MSR_DCD | MSR_DSR | MSR_CTS;
	return (uint8_t)(((m & 1u) << 5) | ((m & 2u) << 3) | ((m & 4u) << 4) |
			 ((m & 8u) << 4));
}

/* THRE is the only source: RX data, line status and modem status never
 * change here (datasheet table 4 gives its priority as third). */
static bool thre_pending(const struct ns16550 *u)
{
	return u->thre && (u->ier & IER_ETBEI);
}

/* Reading IIR while it shows THRE clears that interrupt (table 4). */
static uint8_t read_iir(struct ns16550 *u)
{
	if (!thre_pending(u))
		return IIR_FIFO | IIR_NONE;
	u->thre = false;
	return IIR_FIFO | IIR_THRE;
}

/* Loopback disconnects OUT2 from the pin (section 8.6): no IRQ. */
bool ns16550_irq(const struct ns16550 *u)
{
	return thre_pending(u) && (u->mcr & MCR_OUT2) && !(u->mcr & MCR_LOOP);
}

uint8_t ns16550_read(struct ns16550 *u, uint16_t port)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (port - NS16550_COM1) {
	case REG_RBR_THR:
		return dlab ? u->dll : 0;
	case REG_IER:
		return dlab ? u->dlm : u->ier;
	case REG_IIR_FCR:
		return read_iir(u);
	case REG_LCR:
		return u->lcr;
	case REG_MCR:
		return u->mcr;
	case REG_LSR:
		return LSR_THRE | LSR_TEMT;
	case REG_MSR:
		return modem_status(u);
	default:
		return u->scr;
	}
}

bool ns16550_write(struct ns16550 *u, uint16_t port, uint8_t v, uint8_t *tx)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (port - NS16550_COM1) {
	case REG_RBR_THR:
		if (dlab) {
			u->dll = v;
			return false;
		}
		*tx = v;
		u->thre = true; /* the byte is gone at once: THR empty again */
		return !(u->mcr & MCR_LOOP);
	case REG_IER:
		if (dlab) {
			u->dlm = v;
			return false;
		}
		if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
			u->thre = true; /* enabling it with THR empty raises it */
		u->ier = v & IER_MASK;
		return false;
	case REG_LCR:
		u->lcr = v;
		return false;
	case REG_MCR:
		u->mcr = v & (MCR_LOOP | MCR_MODEM_MASK);
		return false;
	case REG_SCR:
		u->scr = v;
		return false;
	default:
		return false; /* FCR, LSR, MSR: nothing a poller needs kept */
	}
}
