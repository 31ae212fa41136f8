/*
 * A kernel guest's port I/O and MSRs (guest_dev.h): which model answers
 * which port, and the serial watch that can end the guest (its MSRs are
 * guest_msr.c's).
 */
#include "hv/core/guest_dev.h"

#include <ballast/result.h>

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/guest.h"
#include "hv/core/guest_irq.h"

/* PCI configuration mechanisms #1 and #2 (0xcf8-0xcff): nothing answers,
 * so reads give all ones and a guest finds no PCI bus. */
#define PCI_CONFIG_FIRST 0xcf8u
#define PCI_CONFIG_LAST 0xcffu

void guest_dev_init(struct guest *g, const char *pass_at, const char *fail_at)
{
	struct guest_dev *d = &g->dev;

	i8254_init(&d->pit);
	i8259_init(&d->pic);
	ns16550_init(&d->uart);
	i8042_init(&d->kbc);
	mc146818_init(&d->rtc);
	acpi_pm_init(&d->pm);
	guest_console_init(&d->console, g->name, pass_at, fail_at);
	guest_msr_init(&d->msrs);
	d->epoch = guest_own_cycles(&g->time, clock_cycles());
	d->pit_seen = 0;
}

/* True when the byte ended the guest. */
static bool serial_out(struct guest *g, uint8_t ch)
{
	struct guest_console *c = &g->dev.console;
	enum console_verdict v = guest_console_put(c, ch);

	if (v == CONSOLE_GO_ON)
		return false;
	printk("ballast: guest %u %s: its serial output says '%s': it %s\n",
	       g->id, g->name, c->matched,
	       v == CONSOLE_PASS ? "passed" : "failed");
	guest_exit(g, v == CONSOLE_PASS ? GUEST_PASS : GUEST_FAIL);
	return true;
}

static uint8_t read_port(struct guest *g, uint16_t port)
{
	struct guest_dev *d = &g->dev;
	uint8_t v;

	if (i8254_claims(port)) {
		guest_irq_pit_catch_up(g);
		return i8254_read(&d->pit, port, guest_irq_pit_now(g));
	}
	if (ns16550_claims(port)) {
		v = ns16550_read(&d->uart, port);
		guest_irq_uart(g);
		return v;
	}
	if (i8042_claims(port))
		return i8042_read(&d->kbc, port);
	if (guest_irq_claims(port))
		return guest_irq_read(g, port);
	if (mc146818_claims(port))
		return mc146818_read(&d->rtc, port);
	if (acpi_pm_claims(port))
		return acpi_pm_read(&d->pm, port);
	if (port < PCI_CONFIG_FIRST || port > PCI_CONFIG_LAST) {
		d->unknown_ports++;
		d->last_unknown_port = port;
	}
	return 0xff;
}

static bool write_port(struct guest *g, uint16_t port, uint8_t v)
{
	struct guest_dev *d = &g->dev;
	uint8_t tx;

	if (i8254_claims(port)) {
		guest_irq_pit_catch_up(g);
		i8254_write(&d->pit, port, v, guest_irq_pit_now(g));
	} else if (ns16550_claims(port)) {
		bool sent = ns16550_write(&d->uart, port, v, &tx);

		guest_irq_uart(g);
		if (sent)
			return serial_out(g, tx);
	} else if (i8042_claims(port)) {
		i8042_write(&d->kbc, port, v);
	} else if (guest_irq_claims(port)) {
		guest_irq_write(g, port, v);
	} else if (mc146818_claims(port)) {
		mc146818_write(&d->rtc, port, v);
	} else if (acpi_pm_claims(port)) {
		acpi_pm_write(&d->pm, port, v);
	} else if (port < PCI_CONFIG_FIRST || port > PCI_CONFIG_LAST) {
		d->unknown_ports++;
		d->last_unknown_port = port;
	}
	return false;
}

/* A wider access is that many byte accesses at consecutive ports, as an
 * ISA bus splits it; a 4-byte IN clears RAX's upper half. */
bool guest_dev_io(struct guest *g, const struct vm_exit *e)
{
	uint64_t *rax = &g->vcpu.regs.rax;
	uint64_t mask = (1ull << (8 * e->io_size)) - 1, in = 0;

	if (e->io_string) {
		guest_stop(g, "string I/O on port 0x%x is not emulated", e->port);
		return true;
	}
	for (unsigned i = 0; i < e->io_size; i++) {
		uint16_t port = (uint16_t)(e->port + i);

		if (e->io_in) {
			in |= (uint64_t)read_port(g, port) << (8 * i);
		} else if (write_port(g, port, (uint8_t)(*rax >> (8 * i)))) {
			return true;
		}
	}
	if (e->io_in)
		*rax = e->io_size == 4 ? in : (*rax & ~mask) | in;
	vcpu_skip_instruction(&g->vcpu);
	return false;
}

void guest_dev_summary(const struct guest *g)
{
	const struct guest_dev *d = &g->dev;

	printk("  devices: serial %lu bytes, %lu lines shown; unknown ports %lu (last 0x%x), unknown MSRs read %lu (last 0x%x), MSR writes refused %lu (last 0x%x)\n",
	       d->console.bytes, d->console.lines, d->unknown_ports,
	       d->last_unknown_port, d->msrs.unknown_reads, d->msrs.last_unknown,
	       d->msrs.refused_writes, d->msrs.last_refused);
	guest_irq_summary(g);
}
