/*
 * Polled 16550 UART driver. The hypervisor runs with interrupts off, so it
 * waits on the line status register; 115200 baud, 8N1, FIFOs on.
 */
#include "hv/dev/serial.h"

#include "hv/arch/x86/cpu.h"

#define UART_THR 0 /* transmit holding register (DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_THRE 0x20 /* transmit holding register (or FIFO) empty */
#define LSR_TEMT 0x40 /* and the shift register too: the line is idle */

/* Far more polls than a 16-byte FIFO takes to drain at 115200 baud. */
#define DRAIN_POLLS 1000000

void serial_init(uint16_t port)
{
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DLL, 1); /* 115200 / 1 */
	outb(port + UART_DLM, 0);
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, FCR_ENABLE_CLEAR);
	outb(port + UART_MCR, MCR_DTR_RTS_OUT2);
}

static void serial_putc(uint16_t port, char c)
{
	while (!(inb(port + UART_LSR) & LSR_THRE))
		;
	outb(port + UART_THR, (uint8_t)c);
}

/*
 * Waits until the last byte has left the UART. Without it the machine can
 * stop with the run's last line still in the shift register, and the log
 * ends without its newline. Bounded, so a missing UART cannot hang us.
 */
void serial_drain(uint16_t port)
{
	for (int i = 0; i < DRAIN_POLLS; i++)
		if (inb(port + UART_LSR) & LSR_TEMT)
			return;
}

void serial_write(uint16_t port, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc(port, '\r');
		serial_putc(port, s[i]);
	}
}
