/*
 * A kernel guest's devices: the 8254 counting from the run's clock (the
 * TSC calibration memtest86+ and Linux do through port 0x61), the 16550's
 * line status and registers, the 8042's answers, the serial console's
 * ANSI reader and watch, and the dispatch of port and MSR exits for a
 * kernel guest against a guest stub's (hv/core/guest_dev.c, exit.c).
 */
#include "hv/core/exit.h"
#include "tests/unit/check.h"
#include "tests/unit/core_fixture.h"

#include <ballast/result.h>
#include <string.h>

#define G (&core_guest)
#define HZ 1000000000ull /* the stub clock's */

static struct i8254 pit;

static void pit_gate_and_load(uint16_t count, uint64_t now)
{
	i8254_write(&pit, I8254_PORT_NMI_SC, 0x01, now); /* gate 2 high */
	i8254_write(&pit, I8254_PORT_CONTROL, 0xb0, now); /* ch 2, lo/hi, mode 0 */
	i8254_write(&pit, 0x42, (uint8_t)count, now);
	i8254_write(&pit, 0x42, (uint8_t)(count >> 8), now);
}

static void test_pit_channel2(void)
{
	i8254_init(&pit);
	pit_gate_and_load(1000, 50);
	CHECK(!(i8254_read(&pit, I8254_PORT_NMI_SC, 50) & 0x20));
	CHECK(!(i8254_read(&pit, I8254_PORT_NMI_SC, 1049) & 0x20));
	CHECK(i8254_read(&pit, I8254_PORT_NMI_SC, 1050) & 0x20);
	CHECK((i8254_read(&pit, I8254_PORT_NMI_SC, 1050) & 0x03) == 0x01);
	/* a latched count is what the counter held then, low byte first */
	i8254_write(&pit, I8254_PORT_CONTROL, 0x80, 300);
	CHECK(i8254_read(&pit, 0x42, 900) == (uint8_t)750);
	CHECK(i8254_read(&pit, 0x42, 900) == 750 >> 8);
	CHECK(i8254_read(&pit, 0x42, 900) == (uint8_t)(1000 - 850));
	/* gate low: the count stands */
	i8254_write(&pit, I8254_PORT_NMI_SC, 0x00, 2000);
	CHECK(!(i8254_read(&pit, I8254_PORT_NMI_SC, 5000) & 0x20));
	/* the refresh bit toggles with time, as code polling it expects */
	CHECK((i8254_read(&pit, I8254_PORT_NMI_SC, 0) & 0x10) !=
	      (i8254_read(&pit, I8254_PORT_NMI_SC, 18) & 0x10));
	CHECK(i8254_read(&pit, I8254_PORT_CONTROL, 0) == 0xff);
	CHECK(i8254_claims(0x40) && i8254_claims(0x43) && i8254_claims(0x61) &&
	      !i8254_claims(0x44) && !i8254_claims(0x60));
}

static void test_pit_periodic(void)
{
	i8254_init(&pit);
	i8254_write(&pit, I8254_PORT_CONTROL, 0x36, 0); /* ch 0, lo/hi, mode 3 */
	i8254_write(&pit, 0x40, 100, 0);
	i8254_write(&pit, 0x40, 0, 0);
	i8254_write(&pit, I8254_PORT_CONTROL, 0x00, 130); /* latch ch 0 */
	CHECK(i8254_read(&pit, 0x40, 130) == 70);
	CHECK(i8254_read(&pit, 0x40, 130) == 0);
	/* mode 7 is mode 3; a count of 0 is 65536 */
	i8254_write(&pit, I8254_PORT_CONTROL, 0x7e, 0); /* ch 1, lo/hi, mode 7 */
	i8254_write(&pit, 0x41, 0, 0);
	i8254_write(&pit, 0x41, 0, 0);
	CHECK(pit.ch[1].mode == 3);
	i8254_write(&pit, I8254_PORT_CONTROL, 0x40, 65535);
	CHECK(i8254_read(&pit, 0x41, 0) == 1 && i8254_read(&pit, 0x41, 0) == 0);
}

static void test_uart(void)
{
	struct ns16550 u;
	uint8_t tx = 0;

	ns16550_init(&u);
	CHECK((ns16550_read(&u, 0x3fd) & 0x60) == 0x60); /* THRE, TEMT */
	CHECK(!(ns16550_read(&u, 0x3fd) & 0x01));        /* no data */
	CHECK((ns16550_read(&u, 0x3fa) & 0x0f) == 0x01); /* no interrupt */
	CHECK(ns16550_write(&u, 0x3f8, 'A', &tx) && tx == 'A');
	ns16550_write(&u, 0x3fb, 0x83, &tx);             /* DLAB, 8N1 */
	CHECK(!ns16550_write(&u, 0x3f8, 0x0c, &tx));
	ns16550_write(&u, 0x3f9, 0x00, &tx);
	CHECK(ns16550_read(&u, 0x3f8) == 0x0c && ns16550_read(&u, 0x3f9) == 0);
	ns16550_write(&u, 0x3fb, 0x03, &tx);
	ns16550_write(&u, 0x3ff, 0x5a, &tx);
	CHECK(ns16550_read(&u, 0x3ff) == 0x5a && ns16550_read(&u, 0x3fb) == 0x03);
	/* loopback: DTR and RTS come back as DSR and CTS, nothing goes out */
	ns16550_write(&u, 0x3fc, 0x13, &tx);
	CHECK(ns16550_read(&u, 0x3fe) == 0x30);
	CHECK(!ns16550_write(&u, 0x3f8, 'B', &tx));
	CHECK(ns16550_claims(0x3f8) && ns16550_claims(0x3ff) &&
	      !ns16550_claims(0x2f8) && !ns16550_claims(0x400));
}

static void test_keyboard_controller(void)
{
	struct i8042 k;

	i8042_init(&k);
	CHECK(i8042_read(&k, 0x64) == 0x14); /* SYS, unlocked, no data */
	i8042_write(&k, 0x64, 0xaa);
	CHECK(i8042_read(&k, 0x64) & 0x01);
	CHECK(i8042_read(&k, 0x60) == 0x55 && !(i8042_read(&k, 0x64) & 0x01));
	i8042_write(&k, 0x64, 0x60);
	i8042_write(&k, 0x60, 0x47);
	i8042_write(&k, 0x64, 0x20);
	CHECK(i8042_read(&k, 0x60) == 0x47);
	i8042_write(&k, 0x60, 0xff); /* to the keyboard, which is not there */
	CHECK(!(i8042_read(&k, 0x64) & 0x01));
}

static struct guest_console con;

static enum console_verdict feed(const char *s)
{
	enum console_verdict v = CONSOLE_GO_ON;

	while (*s && v == CONSOLE_GO_ON)
		v = guest_console_put(&con, (uint8_t)*s++);
	return v;
}

static void test_console(void)
{
	memset(&stub_log, 0, sizeof(stub_log));
	guest_console_init(&con, "mt", "#3  [Moving|All done", "Failed!|Failing Address");
	CHECK(feed("\x1b[2J\x1b[?25l\x1b[1;1H\x1b[7mMemtest86+  \x1b[0m| CPU   "
		   "\x1b[4;35H #0  [Address test]   \x1b[4;35H #0  [Address test]") ==
	      CONSOLE_GO_ON);
	CHECK(feed("\r\n") == CONSOLE_GO_ON);
	/* colours are not line ends; the same text at the same place is
	 * shown once */
	CHECK(stub_console_has("[mt] Memtest86+  | CPU\n[mt]  #0  [Address test]\n"));
	CHECK(con.lines == 2);
	CHECK(feed("\x1b[4;35H #1  [Address test, own]") == CONSOLE_GO_ON);
	CHECK(feed("\x1b[4;35H #3  [Moving inversions]") == CONSOLE_PASS);
	CHECK(!strcmp(con.matched, "#3  [Moving"));
	CHECK(stub_console_has("[mt]  #3  [Moving\n"));
	/* failing wins over passing; a match does not span a cursor move */
	guest_console_init(&con, "mt", "All done", "Failed!|Failing Address");
	CHECK(feed("Fail\x1b[1;1Hing Address") == CONSOLE_GO_ON);
	CHECK(feed("\x1b[5;1HpCPU  Pass  Test  Failing Address") == CONSOLE_FAIL);
	CHECK(!strcmp(con.matched, "Failing Address"));
	/* no watch: nothing ends the guest; long lines are cut, not lost */
	guest_console_init(&con, "mt", "", "");
	for (int i = 0; i < 300; i++)
		CHECK(guest_console_put(&con, 'x') == CONSOLE_GO_ON);
	CHECK(con.bytes == 300);
}

static enum exit_action io(uint16_t port, uint8_t size, bool in)
{
	struct vm_exit e = { .kind = EXIT_IO, .reason = 30, .port = port,
			     .io_size = size, .io_in = in };

	return handle_exit(G, &e);
}

static enum exit_action msr(bool write, uint32_t index)
{
	struct vm_exit e = { .kind = write ? EXIT_MSR_WRITE : EXIT_MSR_READ,
			     .reason = write ? 32 : 31 };

	G->vcpu.regs.rcx = index;
	return handle_exit(G, &e);
}

static void kernel_guest(const char *pass, const char *fail)
{
	core_setup();
	G->linux_boot = true;
	guest_dev_init(G, pass, fail);
}

static void test_kernel_ports(void)
{
	kernel_guest("", "");
	G->vcpu.regs.rax = 0x1122334455667788ull;
	CHECK(io(0x64, 1, true) == EXIT_ACTION_RESUME);
	CHECK(G->vcpu.regs.rax == 0x1122334455667714ull);
	CHECK(io(0xcfc, 4, true) == EXIT_ACTION_RESUME);
	CHECK(G->vcpu.regs.rax == 0xffffffffull && G->dev.unknown_ports == 0);
	CHECK(io(0x3d4, 2, false) == EXIT_ACTION_RESUME);
	CHECK(G->dev.unknown_ports == 2 && G->dev.last_unknown_port == 0x3d5);
	/* the PIT counts by the run's clock: 1000 PIT ticks later OUT2 rises */
	G->vcpu.regs.rax = 0x01;
	io(0x61, 1, false);
	G->vcpu.regs.rax = 0xb0;
	io(0x43, 1, false);
	G->vcpu.regs.rax = 0x03e8; /* 1000, low byte then high */
	io(0x42, 1, false);
	G->vcpu.regs.rax = 0x03;
	io(0x42, 1, false);
	io(0x61, 1, true);
	CHECK(!(G->vcpu.regs.rax & 0x20));
	stub_log.cycles = 1000 * HZ / I8254_HZ + 1000;
	io(0x61, 1, true);
	CHECK(G->vcpu.regs.rax & 0x20);
	CHECK(stub_log.skips == 9);
	core_teardown();
}

static void test_kernel_msrs(void)
{
	kernel_guest("", "");
	CHECK(msr(false, 0x19c) == EXIT_ACTION_RESUME);
	CHECK(G->vcpu.regs.rax == 0x803c0000u && G->vcpu.regs.rdx == 0);
	CHECK(msr(false, 0x1a2) == EXIT_ACTION_RESUME);
	CHECK(G->vcpu.regs.rax == 100u << 16);
	CHECK(msr(false, 0x480) == EXIT_ACTION_RESUME); /* VMX basic: not for it */
	CHECK(G->vcpu.regs.rax == 0 && G->dev.msrs.unknown_reads == 1 &&
	      G->dev.msrs.last_unknown == 0x480);
	/* a write to an MSR it may not write is a #GP, RIP on the WRMSR */
	CHECK(msr(true, 0x3a) == EXIT_ACTION_RESUME && G->dev.msrs.refused_writes == 1);
	CHECK(stub_log.exceptions == 1 && stub_log.last_exception == 13);
	CHECK(stub_log.skips == 3 && G->state == GUEST_RUNNABLE);
	core_teardown();
}

static enum exit_action wrmsr_value(uint32_t index, uint64_t v)
{
	G->vcpu.regs.rax = (uint32_t)v;
	G->vcpu.regs.rdx = v >> 32;
	return msr(true, index);
}

static uint64_t rdmsr_value(uint32_t index)
{
	msr(false, index);
	return (uint32_t)G->vcpu.regs.rax | G->vcpu.regs.rdx << 32;
}

/* The MSRs a PC has, answered by the core: a write it may not make is a
 * #GP with RIP on the WRMSR (no skip), any other completes. */
static void test_kernel_pc_msrs(void)
{
	uint64_t skips, tsc;

	kernel_guest("", "");
	CHECK(rdmsr_value(0x277) == 0x0007040600070406ull); /* PAT at reset */
	CHECK(wrmsr_value(0x277, 0x0007010600070406ull) == EXIT_ACTION_RESUME);
	CHECK(rdmsr_value(0x277) == 0x0007010600070406ull && stub_log.exceptions == 0);
	skips = stub_log.skips;
	CHECK(wrmsr_value(0x277, 0x0007020600070406ull) == EXIT_ACTION_RESUME); /* type 2 */
	CHECK(stub_log.exceptions == 1 && stub_log.last_exception == 13 &&
	      stub_log.skips == skips && rdmsr_value(0x277) == 0x0007010600070406ull);
	CHECK(rdmsr_value(0x1b) == 0xfee00100u);            /* APIC_BASE: disabled */
	CHECK(wrmsr_value(0x1b, 0xfee00900u) == EXIT_ACTION_RESUME && stub_log.exceptions == 2);
	CHECK(rdmsr_value(0x3a) == 1);                      /* locked, no VMX */
	CHECK(rdmsr_value(0xfe) == 0 && rdmsr_value(0x2ff) == 0x806); /* no MTRRs, WB */
	CHECK(wrmsr_value(0x2ff, 0x006) == EXIT_ACTION_RESUME && rdmsr_value(0x2ff) == 6);
	CHECK(wrmsr_value(0x2ff, 0x002) == EXIT_ACTION_RESUME && stub_log.exceptions == 3);
	CHECK(wrmsr_value(0x8b, 0) == EXIT_ACTION_RESUME && stub_log.exceptions == 3);
	CHECK(wrmsr_value(0x140, 1) == EXIT_ACTION_RESUME && stub_log.exceptions == 4);
	CHECK(wrmsr_value(0xc0000103u, 1ull << 32) == EXIT_ACTION_RESUME && stub_log.exceptions == 5);
	CHECK(wrmsr_value(0xc0000103u, 7) == EXIT_ACTION_RESUME && rdmsr_value(0xc0000103u) == 7);
	/* a TSC write moves the guest's TSC offset: it reads on from there */
	G->vcpu.tsc_offset = 0;
	CHECK(wrmsr_value(0x10, 1ull << 50) == EXIT_ACTION_RESUME);
	tsc = rdmsr_value(0x10);
	CHECK(tsc >= 1ull << 50 && tsc < (1ull << 50) + (1ull << 40));
	CHECK(G->dev.msrs.tsc_adjust == (int64_t)G->vcpu.tsc_offset);
	CHECK(G->dev.msrs.refused_writes == 5 && G->state == GUEST_RUNNABLE);
	core_teardown();
}

/* XSETBV: #UD without CR4.OSXSAVE, #GP for XCR1 or a value CPUID does
 * not offer (x87 and SSE here) or without x87; else XCR0 is the guest's. */
static void test_kernel_xsetbv(void)
{
	struct vm_exit e = { .kind = EXIT_XSETBV, .reason = 55 };
	const struct { uint64_t cr4, rcx, value; uint8_t exc; } cases[] = {
		{ 0, 0, 3, 6 }, { 1u << 18, 1, 3, 13 }, { 1u << 18, 0, 7, 13 },
		{ 1u << 18, 0, 2, 13 }, { 1u << 18, 0, 3, 0 },
	};

	kernel_guest("", "");
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t skips = stub_log.skips, excs = stub_log.exceptions;

		stub_log.cr4 = cases[i].cr4;
		G->vcpu.regs.rcx = cases[i].rcx;
		G->vcpu.regs.rax = cases[i].value;
		G->vcpu.regs.rdx = 0;
		CHECK(handle_exit(G, &e) == EXIT_ACTION_RESUME);
		if (cases[i].exc)
			CHECK(stub_log.exceptions == excs + 1 &&
			      stub_log.last_exception == cases[i].exc && stub_log.skips == skips);
		else
			CHECK(stub_log.exceptions == excs && stub_log.skips == skips + 1 &&
			      G->vcpu.fpu.xcr0 == 3);
	}
	core_teardown();
	/* a guest stub has no business with XSETBV: it is stopped */
	core_setup();
	CHECK(handle_exit(G, &e) == EXIT_ACTION_ENDED && G->state == GUEST_STOPPED);
	core_teardown();
}

/* MOV to CR0/CR4 goes to the back end from the register the exit names;
 * from RSP it is not emulated and stops the guest. */
static void test_kernel_cr_write(void)
{
	struct vm_exit e = { .kind = EXIT_CR_WRITE, .reason = 28, .cr = 4, .gpr = 3 };

	kernel_guest("", "");
	G->vcpu.regs.rbx = 0x20;
	CHECK(handle_exit(G, &e) == EXIT_ACTION_RESUME && stub_log.skips == 1);
	e.cr = 8; /* the stub back end refuses it: #GP */
	CHECK(handle_exit(G, &e) == EXIT_ACTION_RESUME && stub_log.exceptions == 1 &&
	      stub_log.last_exception == 13 && stub_log.skips == 1);
	e.gpr = 4;
	CHECK(handle_exit(G, &e) == EXIT_ACTION_ENDED && G->state == GUEST_STOPPED &&
	      stub_console_has("MOV to a control register from RSP is not emulated"));
	core_teardown();
}

static void test_kernel_serial_ends(void)
{
	const char *s = "ok\r\nALL PASS";

	kernel_guest("ALL PASS", "FAIL");
	for (; s[1]; s++) {
		G->vcpu.regs.rax = (uint8_t)*s;
		CHECK(io(0x3f8, 1, false) == EXIT_ACTION_RESUME);
	}
	G->vcpu.regs.rax = (uint8_t)*s;
	CHECK(io(0x3f8, 1, false) == EXIT_ACTION_ENDED);
	CHECK(G->state == GUEST_EXITED && G->exit_code == GUEST_PASS);
	CHECK(stub_console_has("[g] ok\n[g] ALL PASS\n"));
	CHECK(stub_console_has("ballast: guest 1 g: its serial output says 'ALL PASS': it passed\n"));
	core_teardown();
	kernel_guest("", "FAIL");
	for (s = "FAIL"; *s; s++) {
		G->vcpu.regs.rax = (uint8_t)*s;
		io(0x3f8, 1, false);
	}
	CHECK(G->state == GUEST_EXITED && G->exit_code == GUEST_FAIL);
	core_teardown();
}

/* A guest stub keeps its rules: no devices, and an MSR stops it. */
static void test_stub_rules(void)
{
	core_setup();
	G->vcpu.regs.rax = 0;
	CHECK(io(0x64, 1, true) == EXIT_ACTION_RESUME && G->vcpu.regs.rax == 0xff);
	CHECK(msr(false, 0x19c) == EXIT_ACTION_ENDED);
	CHECK(G->state == GUEST_STOPPED &&
	      stub_console_has("stopped: unhandled VM exit (exit reason 31 STUB"));
	core_teardown();
	core_setup();
	CHECK(msr(true, 0x19c) == EXIT_ACTION_ENDED && G->state == GUEST_STOPPED);
	core_teardown();
}

static const struct unit_test tests[] = {
	{ "8254 channel 2: gate, mode 0 output, latch, refresh", test_pit_channel2 },
	{ "8254 periodic modes and a count of 0", test_pit_periodic },
	{ "16550: line status, divisor latch, scratch, loopback", test_uart },
	{ "8042: status, self-test, command byte", test_keyboard_controller },
	{ "serial console: ANSI out, lines once, the watch", test_console },
	{ "kernel guest: ports answered and counted, the PIT by the clock", test_kernel_ports },
	{ "kernel guest: temperature MSRs, unknown ones read 0, writes refused", test_kernel_msrs },
	{ "kernel guest: PAT, APIC_BASE, MTRRs, TSC and the rest; refused writes are #GP", test_kernel_pc_msrs },
	{ "kernel guest: XSETBV checked against what CPUID offers", test_kernel_xsetbv },
	{ "kernel guest: MOV to CR0/CR4 to the back end, #GP when refused", test_kernel_cr_write },
	{ "kernel guest: its serial output ends it as passed or failed", test_kernel_serial_ends },
	{ "guest stub: no devices, an MSR access stops it", test_stub_rules },
};

int main(void)
{
	return CHECK_RUN("guest_dev", tests);
}
