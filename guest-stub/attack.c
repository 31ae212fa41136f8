/*
 * The attack workload (workload=attack attack=NAME): one way a guest goes
 * after the hypervisor or its neighbours (include/ballast/guest.h, enum
 * guest_attack). An attack the hypervisor refuses lets the guest go on:
 * it checks what it got back and exits 0 when all of it was right. An
 * attack the hypervisor must answer by stopping the guest is followed by
 * a line saying it was not stopped, and exit code 3.
 */
#include <ballast/guest.h>
#include <ballast/hypercall.h>

#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"

#define NR_PORTS 0x10000u
#define WIDE_STRIDE 64     /* word and dword accesses on every 64th port */
#define ATA_DATA 0x1f0
#define MSR_EFER 0xc0000080u
#define EFER_LME (1u << 8)
#define CR0_PG (1ull << 31)
#define CR4_VMXE (1ull << 13)
#define SNOOP_PAGES 256
#define SNOOP_ROUNDS 16
#define WORDS_PER_PAGE (PAGE_SIZE / 8)

static uint64_t *list; /* a page of its own memory, not of the image */

/* Writes that would reset the machine, reach a serial line or the swap
 * disk, or mask the timer, if the hypervisor passed them on. */
static const struct { uint16_t port; uint8_t value; } dangerous[] = {
	{ 0xcf9, 0x06 }, { 0xcf9, 0x0e }, { 0x64, 0xfe }, { 0x92, 0x01 },
	{ 0x21, 0xff }, { 0xa1, 0xff }, { 0x43, 0x30 }, { 0x40, 0x00 },
	{ 0x70, 0x8f }, { 0x1f6, 0xe0 }, { 0x1f2, 0x01 }, { 0x1f7, 0x30 },
	{ 0x3f9, 0x00 }, { 0x2f9, 0x00 },
};
static const char forged[] = "\nballast: run ended: status 0 FORGED\n";

static uint32_t in(uint16_t port, unsigned size)
{
	uint32_t v = 0x5a5a5a5au;

	if (size == 1)
		__asm__ volatile("inb %w1, %b0" : "+a"(v) : "Nd"(port));
	else if (size == 2)
		__asm__ volatile("inw %w1, %w0" : "+a"(v) : "Nd"(port));
	else
		__asm__ volatile("inl %w1, %0" : "+a"(v) : "Nd"(port));
	return v;
}

static void out(uint16_t port, unsigned size, uint32_t v)
{
	if (size == 1)
		__asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
	else if (size == 2)
		__asm__ volatile("outw %w0, %w1" : : "a"(v), "Nd"(port));
	else
		__asm__ volatile("outl %0, %w1" : : "a"(v), "Nd"(port));
}

/* What IN must give: all ones in the access's width, the rest of EAX as
 * it was (a dword IN writes all of EAX). */
static bool read_ones(uint16_t port, unsigned size)
{
	uint32_t want = size == 1 ? 0x5a5a5aff : size == 2 ? 0x5a5affff : ~0u;

	return in(port, size) == want;
}

static int64_t attack_ports(void)
{
	uint64_t accesses = 0, wrong = 0;

	for (unsigned i = 0; i < sizeof(dangerous) / sizeof(dangerous[0]); i++)
		out(dangerous[i].port, 1, dangerous[i].value);
	for (unsigned i = 0; forged[i]; i++) {
		out(0x3f8, 1, (uint8_t)forged[i]);
		out(0x2f8, 1, (uint8_t)forged[i]);
	}
	for (uint32_t p = 0; p < NR_PORTS; p++) {
		for (unsigned size = 1; size <= 4; size *= 2) {
			if (size > 1 && p % WIDE_STRIDE)
				continue;
			out((uint16_t)p, size, p * 0x01010101u);
			wrong += !read_ones((uint16_t)p, size);
			accesses += 2;
		}
	}
	gprintf("ports: %lu accesses to %u ports, %lu reads not all ones\n",
		accesses, NR_PORTS, wrong);
	return wrong ? 1 : 0;
}

static int64_t attack_string_io(void)
{
	static uint16_t buf[256];
	uint16_t *d = buf;
	uint64_t n = 256;

	__asm__ volatile("cld; rep insw" : "+D"(d), "+c"(n) : "d"(ATA_DATA) : "memory");
	gprintf("the hypervisor let me read the disk with INSW\n");
	return 3;
}

static int64_t attack_msr(bool write)
{
	uint32_t lo = 0, hi = 0;

	if (write)
		__asm__ volatile("wrmsr" : : "c"(MSR_EFER), "a"(lo & ~EFER_LME), "d"(hi));
	else
		__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
	gprintf("the hypervisor let me %s EFER (0x%x)\n", write ? "write" : "read", lo);
	return 3;
}

static int64_t attack_cr(unsigned which)
{
	uint64_t v;

	if (which == 0) {
		__asm__ volatile("mov %%cr0, %0" : "=r"(v));
		v &= ~CR0_PG;
		__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
	} else {
		__asm__ volatile("mov %%cr4, %0" : "=r"(v));
		v |= CR4_VMXE;
		__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
	}
	gprintf("the hypervisor let me write CR%u = 0x%lx\n", which ? 4 : 0, v);
	return 3;
}

static int64_t attack_vmx(void)
{
	uint64_t field = 0x681e, v = 0; /* the guest RIP */

	__asm__ volatile("vmread %1, %0" : "=r"(v) : "r"(field) : "cc");
	gprintf("the hypervisor let me VMREAD: 0x%lx\n", v);
	return 3;
}

static unsigned faults, tried;

static void expect_fault(const char *what, uint64_t nr, uint64_t a0, uint64_t a1)
{
	int64_t st = hypercall(nr, a0, a1, 0, 0).status;

	tried++;
	if (st == HC_E_FAULT) {
		faults++;
		return;
	}
	gprintf("pointers: %s: status %ld, want %d\n", what, (long)st, HC_E_FAULT);
}

/* Buffers where the guest wrote nothing the hypervisor may read. */
static int64_t attack_pointers(const struct guest_start_info *si)
{
	uint64_t gave = palloc_get(), back = palloc_get(), never = palloc_get();
	uint64_t end = si->memory_bytes, l = (uint64_t)(uintptr_t)list;

	hypercall(HC_BALLOON_TARGET, 0, 0, 0, 0);
	*(volatile uint64_t *)gfn_ptr(gave) = 1;
	*(volatile uint64_t *)gfn_ptr(back) = 1;
	list[0] = gave;
	list[1] = back;
	if (hypercall(HC_BALLOON_INFLATE, l, 2, 0, 0).status != 2)
		gprintf("pointers: an inflate was refused\n");
	list[0] = back;
	if (hypercall(HC_BALLOON_DEFLATE, l, 1, 0, 0).status != 1)
		gprintf("pointers: a deflate was refused\n");
	expect_fault("text in a ballooned page", HC_CONSOLE_WRITE, gave << PAGE_SHIFT, 8);
	expect_fault("text in a deflated page", HC_CONSOLE_WRITE, back << PAGE_SHIFT, 8);
	expect_fault("text in a page never touched", HC_CONSOLE_WRITE, never << PAGE_SHIFT, 8);
	expect_fault("text past the end of memory", HC_CONSOLE_WRITE, end, 8);
	expect_fault("text across the end of memory", HC_CONSOLE_WRITE, end - 4, 8);
	expect_fault("text at the top of the address space", HC_CONSOLE_WRITE, ~0ull - 7, 8);
	expect_fault("text right in 32 bits only", HC_CONSOLE_WRITE, (1ull << 32) + l, 8);
	expect_fault("stats in a ballooned page", HC_REPORT_STATS, gave << PAGE_SHIFT, 1);
	expect_fault("stats in a page never touched", HC_REPORT_STATS, never << PAGE_SHIFT, 1);
	expect_fault("stats past the end of memory", HC_REPORT_STATS, end, 1);
	expect_fault("a list in a ballooned page", HC_BALLOON_INFLATE, gave << PAGE_SHIFT, 1);
	expect_fault("a list in a deflated page", HC_BALLOON_DEFLATE, back << PAGE_SHIFT, 1);
	expect_fault("a list past the end of memory", HC_BALLOON_INFLATE, end, 1);
	gprintf("pointers: %u of %u bad buffers refused with HC_E_FAULT\n", faults, tried);
	return faults == tried ? 0 : 1;
}

/* Words of a page that are not 0: what it would show of another guest. */
static uint64_t nonzero_words(uint64_t gfn)
{
	volatile uint64_t *w = gfn_ptr(gfn);
	uint64_t n = 0;

	for (unsigned i = 0; i < WORDS_PER_PAGE; i++)
		n += w[i] != 0;
	return n;
}

/* Pages read before it writes them, then filled, given to the balloon
 * (their machine pages go to whoever needs one) and taken back, round
 * after round while the other guests free theirs: every read must see
 * zeros. */
static int64_t attack_snoop(void)
{
	uint64_t seen = 0, pages = 0, l = (uint64_t)(uintptr_t)list;

	hypercall(HC_BALLOON_TARGET, 0, 0, 0, 0);
	for (unsigned i = 0; i < SNOOP_PAGES; i++)
		list[i] = palloc_get();
	for (unsigned r = 0; r < SNOOP_ROUNDS; r++) {
		for (unsigned i = 0; i < SNOOP_PAGES; i++, pages++) {
			seen += nonzero_words(list[i]);
			for (unsigned k = 0; k < WORDS_PER_PAGE; k += 64)
				((volatile uint64_t *)gfn_ptr(list[i]))[k] = ~0ull;
		}
		while (hypercall(HC_BALLOON_INFLATE, l, SNOOP_PAGES, 0, 0).status == HC_E_AGAIN)
			hypercall(HC_YIELD, 0, 0, 0, 0);
		hypercall(HC_YIELD, 0, 0, 0, 0);
		if (hypercall(HC_BALLOON_DEFLATE, l, SNOOP_PAGES, 0, 0).status != SNOOP_PAGES)
			gprintf("snoop: a deflate was refused\n");
	}
	gprintf("snoop: read %lu pages before writing them: %lu words not zero\n",
		pages, seen);
	return seen ? 1 : 0;
}

/* Each attack returns 0 when the hypervisor held, else what got through
 * (it printed what); one the hypervisor must stop never returns. */
static int64_t attack(const struct guest_start_info *si)
{
	switch (si->param[0]) {
	case GUEST_ATTACK_PORTS: return attack_ports();
	case GUEST_ATTACK_STRING_IO: return attack_string_io();
	case GUEST_ATTACK_RDMSR: return attack_msr(false);
	case GUEST_ATTACK_WRMSR: return attack_msr(true);
	case GUEST_ATTACK_CR0: return attack_cr(0);
	case GUEST_ATTACK_CR4: return attack_cr(4);
	case GUEST_ATTACK_VMX: return attack_vmx();
	case GUEST_ATTACK_POINTERS: return attack_pointers(si);
	case GUEST_ATTACK_SNOOP: return attack_snoop();
	default: return -1;
	}
}

void run_attack(const struct guest_start_info *si)
{
	int64_t got;

	list = gfn_ptr(palloc_get());
	got = attack(si);
	if (got < 0)
		report_error("no attack %lu in this guest stub", si->param[0]);
	else if (got)
		report_fail("attack %lu got through", si->param[0]);
	else
		report_pass();
}
