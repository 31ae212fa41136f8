/*
 * A kernel guest's interrupt sources and idle: the CMOS clock, the ACPI
 * PM1 blocks, the 8254's OUT edges, the 16550's THR-empty interrupt, and
 * over one guest as guest.c creates it (core_fixture.h) their wiring into
 * the 8259 pair, INTA and injection before an entry, the next timed
 * interrupt, and HLT as a wait for it (hv/core/guest_irq.c, exit.c).
 */
#include "hv/core/exit.h"
#include "hv/core/guest_irq.h"
#include "tests/unit/check.h"
#include "tests/unit/core_fixture.h"

#include <string.h>

#define G (&core_guest)
#define HZ 1000000000ull /* the stub clock's */

static uint8_t cmos(struct mc146818 *r, uint8_t index)
{
	mc146818_write(r, 0x70, index);
	return mc146818_read(r, 0x71);
}

static void test_rtc(void)
{
	struct mc146818 r;

	mc146818_init(&r);
	/* 2026-01-01 12:00:00, a Thursday, BCD and 24-hour */
	CHECK(cmos(&r, 0) == 0 && cmos(&r, 2) == 0 && cmos(&r, 4) == 0x12);
	CHECK(cmos(&r, 6) == 5 && cmos(&r, 7) == 1 && cmos(&r, 8) == 1);
	CHECK(cmos(&r, 9) == 0x26 && cmos(&r, 0x32) == 0x20);
	CHECK(cmos(&r, 0x0a) == 0x26);           /* UIP clear */
	CHECK(cmos(&r, 0x0b) == 0x02);           /* 24-hour, BCD */
	CHECK(cmos(&r, 0x0c) == 0);              /* no interrupt flag */
	CHECK(cmos(&r, 0x0d) == 0x80);           /* VRT: the time is valid */
	/* the time stands, UIP and the data mode cannot be set */
	mc146818_write(&r, 0x71, 0x59);
	CHECK(cmos(&r, 0x0d) == 0x80);
	mc146818_write(&r, 0x70, 0x00);
	mc146818_write(&r, 0x71, 0x59);
	CHECK(cmos(&r, 0) == 0);
	mc146818_write(&r, 0x70, 0x0a);
	mc146818_write(&r, 0x71, 0xa6);
	CHECK(cmos(&r, 0x0a) == 0x26);
	mc146818_write(&r, 0x70, 0x0b);
	mc146818_write(&r, 0x71, 0x44);          /* binary, 12-hour, UIE */
	CHECK(cmos(&r, 0x0b) == 0x42);
	/* bit 7 of the index masks NMI and selects nothing */
	mc146818_write(&r, 0x70, 0x80 | 0x10);
	CHECK(r.nmi_masked && r.index == 0x10);
	mc146818_write(&r, 0x71, 0xab);          /* CMOS RAM keeps it */
	CHECK(cmos(&r, 0x10) == 0xab && !r.nmi_masked);
	CHECK(mc146818_read(&r, 0x70) == 0xff);
	CHECK(mc146818_claims(0x70) && mc146818_claims(0x71) && !mc146818_claims(0x72));
}

static void test_pm1(void)
{
	struct acpi_pm p;

	acpi_pm_init(&p);
	CHECK(acpi_pm_read(&p, 0x600) == 0 && acpi_pm_read(&p, 0x601) == 0);
	CHECK(acpi_pm_read(&p, 0x604) == 0x01); /* SCI_EN: in ACPI mode */
	acpi_pm_write(&p, 0x600, 0xff);         /* write-one-to-clear */
	CHECK(acpi_pm_read(&p, 0x600) == 0);
	acpi_pm_write(&p, 0x602, 0x20);         /* GBL_EN */
	acpi_pm_write(&p, 0x603, 0x01);         /* PWRBTN_EN's neighbour */
	CHECK(acpi_pm_read(&p, 0x602) == 0x20 && acpi_pm_read(&p, 0x603) == 0x01);
	acpi_pm_write(&p, 0x604, 0x00);
	CHECK(acpi_pm_read(&p, 0x604) == 0x01);
	CHECK(acpi_pm_claims(0x600) && acpi_pm_claims(0x605) &&
	      !acpi_pm_claims(0x606) && !acpi_pm_claims(0x5ff));
}

static void pit_program(struct i8254 *p, uint8_t control, uint16_t count, uint64_t now)
{
	i8254_write(p, I8254_PORT_CONTROL, control, now);
	i8254_write(p, 0x40, (uint8_t)count, now);
	i8254_write(p, 0x40, (uint8_t)(count >> 8), now);
}

/* OUT0 rises a period after the load in modes 2 and 3, every period;
 * once, at terminal count, in mode 0. */
static void test_pit_edges(void)
{
	struct i8254 p;

	i8254_init(&p);
	CHECK(i8254_next_edge(&p, 0, 0) == I8254_NEVER);
	pit_program(&p, 0x34, 1000, 100);           /* mode 2, Linux's periodic */
	CHECK(i8254_next_edge(&p, 0, 100) == 1100);
	CHECK(i8254_next_edge(&p, 0, 1099) == 1100);
	CHECK(i8254_next_edge(&p, 0, 1100) == 2100);
	CHECK(i8254_next_edge(&p, 0, 50) == 1100);  /* before the load */
	pit_program(&p, 0x36, 0, 0);                /* mode 3, 65536 */
	CHECK(i8254_next_edge(&p, 0, 0) == 65536);
	CHECK(i8254_next_edge(&p, 0, 3 * 65536 + 7) == 4 * 65536);
	pit_program(&p, 0x30, 500, 10);             /* mode 0, Linux's one-shot */
	CHECK(i8254_next_edge(&p, 0, 10) == 510);
	CHECK(i8254_next_edge(&p, 0, 510) == I8254_NEVER);
	i8254_write(&p, I8254_PORT_CONTROL, 0x30, 600); /* half a count: stopped */
	i8254_write(&p, 0x40, 5, 600);
	CHECK(i8254_next_edge(&p, 0, 600) == I8254_NEVER);
}

static void test_uart_thre(void)
{
	struct ns16550 u;
	uint8_t tx;

	ns16550_init(&u);
	ns16550_write(&u, 0x3fc, 0x08, &tx);  /* OUT2: the PC's IRQ enable */
	CHECK(!ns16550_irq(&u));
	ns16550_write(&u, 0x3f9, 0x02, &tx);  /* IER: THR empty */
	CHECK(ns16550_irq(&u));
	CHECK(ns16550_read(&u, 0x3fa) == 0xc2);
	CHECK(!ns16550_irq(&u) && ns16550_read(&u, 0x3fa) == 0xc1); /* cleared */
	/* Linux's THRE test: IER off and on again raises it again */
	ns16550_write(&u, 0x3f9, 0x00, &tx);
	ns16550_write(&u, 0x3f9, 0x02, &tx);
	CHECK(ns16550_read(&u, 0x3fa) == 0xc2);
	CHECK(ns16550_write(&u, 0x3f8, 'x', &tx) && ns16550_irq(&u)); /* sent: empty */
	ns16550_write(&u, 0x3fc, 0x00, &tx);  /* OUT2 off: the line is not driven */
	CHECK(!ns16550_irq(&u) && ns16550_read(&u, 0x3fa) == 0xc2);
	ns16550_write(&u, 0x3fc, 0x18, &tx);  /* loopback: OUT2 not on the pin */
	ns16550_write(&u, 0x3f8, 'y', &tx);
	CHECK(!ns16550_irq(&u));
}

static void out(uint16_t port, uint8_t v)
{
	struct vm_exit e = { .kind = EXIT_IO, .reason = 30, .port = port, .io_size = 1 };

	G->vcpu.regs.rax = v;
	CHECK(handle_exit(G, &e) == EXIT_ACTION_RESUME);
}

static uint8_t in(uint16_t port)
{
	struct vm_exit e = { .kind = EXIT_IO, .reason = 30, .port = port, .io_size = 1,
			     .io_in = true };

	CHECK(handle_exit(G, &e) == EXIT_ACTION_RESUME);
	return (uint8_t)G->vcpu.regs.rax;
}

static enum exit_action halt(void)
{
	struct vm_exit e = { .kind = EXIT_HALT, .reason = 12 };

	return handle_exit(G, &e);
}

/* Linux's init_8259A: vectors 0x30 and 0x38, the slave on line 2, all
 * lines open; then its PIT clock event, periodic (mode 2) at 1000 ticks. */
static void kernel_guest_with_timer(void)
{
	static const uint8_t init[][2] = {
		{ 0x20, 0x11 }, { 0x21, 0x30 }, { 0x21, 0x04 }, { 0x21, 0x01 },
		{ 0xa0, 0x11 }, { 0xa1, 0x38 }, { 0xa1, 0x02 }, { 0xa1, 0x01 },
		{ 0x21, 0x00 }, { 0xa1, 0x00 }, { 0x43, 0x34 }, { 0x40, 0xe8 }, { 0x40, 0x03 },
	};

	core_setup();
	G->linux_boot = true;
	guest_dev_init(G, "", "");
	for (unsigned i = 0; i < sizeof(init) / sizeof(init[0]); i++)
		out(init[i][0], init[i][1]);
}

static uint64_t tick_cycles(uint64_t ticks)
{
	return (ticks * HZ + I8254_HZ - 1) / I8254_HZ;
}

/* IRQ 0 comes at the PIT's edge, by the guest's own clock (its steal time
 * moves the edge on the run's), and is injected once the vCPU is free. */
static void test_timer_interrupt(void)
{
	kernel_guest_with_timer();
	CHECK(guest_irq_next_event(G) == tick_cycles(1000));
	stub_log.cycles = G->time.steal_cycles = 5000;
	CHECK(guest_irq_next_event(G) == tick_cycles(1000) + 5000);
	G->time.steal_cycles = 0;
	stub_log.cycles = tick_cycles(1000) - 1;
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 0);
	stub_log.cycles = tick_cycles(1000);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 1 && stub_log.last_vector == 0x30);
	CHECK(G->dev.pit_edges == 1 && G->dev.irqs_acked == 1);
	CHECK(guest_irq_next_event(G) == tick_cycles(2000));
	/* three periods missed: one request, as the 8259 latches one edge;
	 * in service until the EOI, and the vCPU must be free */
	stub_log.cycles = tick_cycles(5000);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 1 && G->dev.pit_edges == 2);
	out(0x20, 0x20);
	stub_log.interrupt_pending = true;
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 1);
	stub_log.interrupt_pending = false;
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 2 && stub_log.last_vector == 0x30);
	/* masked: the edge is latched, not delivered */
	out(0x20, 0x20);
	out(0x21, 0x01);
	stub_log.cycles = tick_cycles(6000);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 2 && G->dev.pit_edges == 3);
	out(0x21, 0x00);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 3);
	core_teardown();
}

/* COM1 on IRQ 4 and virtio-mmio's level line 5, with the ELCR. */
static void test_device_lines(void)
{
	kernel_guest_with_timer();
	out(0x3fc, 0x08);
	out(0x3f9, 0x02);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 1 && stub_log.last_vector == 0x34);
	CHECK(in(0x3fa) == 0xc2);          /* the driver's handler clears it */
	out(0x20, 0x20);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 1);
	out(0x4d0, 0x20);                  /* line 5 level-triggered */
	CHECK(in(0x4d0) == 0x20);
	guest_dev_irq_line(G, 5, true);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 2 && stub_log.last_vector == 0x35);
	out(0x20, 0x20);                   /* EOI before the device's ACK */
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 3);   /* still high: again */
	guest_dev_irq_line(G, 5, false);
	out(0x20, 0x20);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 3);
	core_teardown();
	/* a guest stub has no 8259: a line does nothing */
	core_setup();
	guest_dev_irq_line(G, 5, true);
	CHECK(!i8259_pending(&G->dev.pic));
	core_teardown();
}

/* HLT with interrupts on waits for the next edge; a device's line ends
 * the wait at once; with them off, or for a stub, HLT only yields. */
static void test_halt(void)
{
	kernel_guest_with_timer();
	CHECK(halt() == EXIT_ACTION_YIELD && !G->time.halted); /* IF clear */
	stub_log.interrupts_enabled = true;
	CHECK(halt() == EXIT_ACTION_YIELD && G->time.halted);
	CHECK(G->time.halt_until == tick_cycles(1000) && G->time.halts == 1);
	CHECK(!guest_irq_woken(G, tick_cycles(1000) - 1));
	stub_log.cycles = tick_cycles(1000);
	CHECK(guest_irq_woken(G, stub_log.cycles) && !G->time.halted);
	CHECK(G->time.halt_cycles == tick_cycles(1000));
	/* a request pending: HLT goes on at once */
	CHECK(halt() == EXIT_ACTION_RESUME && !G->time.halted);
	guest_dev_before_entry(G);
	CHECK(stub_log.interrupts == 1);
	out(0x20, 0x20);
	CHECK(halt() == EXIT_ACTION_YIELD && G->time.halt_until == tick_cycles(2000));
	stub_log.cycles += 100;
	out(0x4d0, 0x20);
	guest_dev_irq_line(G, 5, true);
	CHECK(G->time.halt_until == stub_log.cycles);
	CHECK(guest_irq_woken(G, stub_log.cycles));
	core_teardown();
	core_setup();
	stub_log.interrupts_enabled = true;
	CHECK(halt() == EXIT_ACTION_YIELD && !G->time.halted && stub_log.skips == 1);
	core_teardown();
}

static const struct unit_test tests[] = {
	{ "CMOS clock: a fixed date, status registers, NMI mask, RAM", test_rtc },
	{ "ACPI PM1 blocks: no status, enables kept, SCI_EN", test_pm1 },
	{ "8254: OUT0's rising edges in modes 2, 3 and 0", test_pit_edges },
	{ "16550: the THR-empty interrupt, IIR, OUT2", test_uart_thre },
	{ "kernel guest: IRQ 0 by its own clock, INTA, masks", test_timer_interrupt },
	{ "kernel guest: COM1 on IRQ 4, a level line 5", test_device_lines },
	{ "kernel guest: HLT waits for its next interrupt", test_halt },
};

int main(void)
{
	return CHECK_RUN("guest_irq", tests);
}
