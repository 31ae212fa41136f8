/*
 * The guest stub: a tiny 64-bit kernel that says hello through the
 * hypercall ABI, runs the workload the scenario chose, reports and exits.
 * Workloads (the bigger ones in their own files):
 *   pattern       write a pattern keyed by page number over N bytes of its
 *                 memory, read it all back and verify it
 *   contention    the case study's benchmark, with the balloon driver, in
 *                 virtual memory under the stub's pager (contention.c,
 *                 gens.c, vm.c, pager.c)
 *   balloon-hostile  bad balloon lists, then a broken promise (hostile.c)
 *   triple-fault  an exception with no IDT, which the hypervisor must
 *                 answer by stopping this guest alone
 *   user-hypercall  every hypercall from ring 3, each of which must be
 *                 refused (usermode.c)
 *   irq-stack     waits for balloon interrupts on stack pages never
 *                 touched; none may be lost (irqstack.c)
 *   swapped-buffers  hypercalls with buffers in pages the hypervisor
 *                 swapped out; none may be refused (buffers.c)
 *   fuzz          random and mutated hypercalls, each answer checked
 *                 against a model of the ABI (fuzz.c, fuzz_model.c)
 *   attack        one attack on the hypervisor or the other guests,
 *                 refused or stopping only this guest (attack.c)
 *   wild          touch an address outside its memory (the hypervisor must
 *                 stop this guest and no other)
 *   vmcall-bench  time N hypercall round trips with RDTSC
 *   hypercall-check  send hypercalls with bad arguments; each must be
 *                 refused with its own error code; then check the CPUID
 *                 and port I/O the hypervisor emulates
 * Each reports how it went through report.h, and the stub leaves with
 * that result.
 */
#include <ballast/guest.h>
#include <ballast/hypercall.h>
#include <stdarg.h>
#include <stdint.h>

#include "guest-stub/cpu.h"
#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"
#include "hv/lib/print.h"

#define PATTERN_KEY 0x9e3779b97f4a7c15ull

_Noreturn void guest_main(const struct guest_start_info *si);

extern char _bss_end[];

void gprintf(const char *fmt, ...)
{
	char buf[HC_CONSOLE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	hypercall(HC_CONSOLE_WRITE, (uint64_t)(uintptr_t)buf, (uint64_t)n, 0, 0);
}

/* Every word depends on its page and offset, so a page that comes back
 * from the wrong place (or zeroed) shows as a mismatch. */
static uint64_t pattern_word(uint64_t gpa)
{
	return (gpa >> 3) * PATTERN_KEY ^ (gpa >> 12);
}

static uint64_t pattern_base(void)
{
	return ((uint64_t)(uintptr_t)_bss_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static void run_pattern(const struct guest_start_info *si)
{
	uint64_t base = pattern_base(), bytes = si->param[0] & ~(PAGE_SIZE - 1);
	uint64_t mismatches = 0, first_bad = 0;

	if (base + bytes > si->memory_bytes || base + bytes > GUEST_MAPPED_LIMIT) {
		report_error("pattern of %lu bytes does not fit above 0x%lx in %lu bytes",
			     bytes, base, si->memory_bytes);
		return;
	}
	for (uint64_t a = base; a < base + bytes; a += 8)
		*(volatile uint64_t *)(uintptr_t)a = pattern_word(a);
	for (uint64_t a = base; a < base + bytes; a += 8) {
		if (*(volatile uint64_t *)(uintptr_t)a == pattern_word(a))
			continue;
		if (!mismatches++)
			first_bad = a;
	}
	gprintf("touched %lu pages\n", bytes >> PAGE_SHIFT);
	if (mismatches) {
		report_fail("pattern: %lu mismatches, first at page 0x%lx",
			    mismatches, first_bad >> 12);
		return;
	}
	gprintf("pattern verified: %lu pages, 0 mismatches\n", bytes >> PAGE_SHIFT);
	report_pass();
}

static void run_wild(const struct guest_start_info *si)
{
	uint64_t gpa = si->param[0];

	gprintf("touching 0x%lx, outside my %lu bytes\n", gpa, si->memory_bytes);
	*(volatile uint64_t *)(uintptr_t)gpa = 1;
	report_fail("the hypervisor let me touch 0x%lx", gpa);
}

static void run_vmcall_bench(const struct guest_start_info *si)
{
	uint64_t n = si->param[0], start, cycles;

	start = rdtsc();
	for (uint64_t i = 0; i < n; i++)
		hypercall(HC_HELLO, BALLAST_ABI_VERSION, 0, 0, 0);
	cycles = rdtsc() - start;
	gprintf("vmcall round trips: %lu, cycles %lu, per call %lu\n", n,
		cycles, n ? cycles / n : 0);
	report_pass();
}

struct cpuid_regs {
	uint32_t a, b, c, d;
};

static struct cpuid_regs guest_cpuid(uint32_t leaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
			 : "a"(leaf), "c"(0));
	return r;
}

/* What the hypervisor emulates: CPUID shows a hypervisor and its
 * signature and hides VMX; a port nothing decodes reads all ones; a 4-byte
 * IN clears the upper half of RAX. Returns how many checks failed. */
static unsigned check_emulation(void)
{
	struct cpuid_regs l1 = guest_cpuid(1), sig = guest_cpuid(0x40000000);
	uint64_t rax = ~0ull << 32;
	uint8_t b;
	unsigned bad = 0;

	bad += !(l1.c & (1u << 31));          /* hypervisor present */
	bad += (l1.c & (1u << 5)) != 0;       /* no VMX for guests */
	bad += sig.b != 0x6c6c6142 || sig.c != 0x48747361 || sig.d != 0x56; /* "BallastHV" */
	__asm__ volatile("outb %%al, $0x80" : : "a"(0x12));
	__asm__ volatile("inb $0x80, %0" : "=a"(b));
	bad += b != 0xff;
	__asm__ volatile("inl $0x80, %%eax" : "+a"(rax));
	bad += rax != 0xffffffffull;
	return bad;
}

struct bad_call {
	const char *what;
	uint64_t nr, a0, a1;
	int64_t expect;
};

static void run_hypercall_check(const struct guest_start_info *si)
{
	static char untouched_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
	uint64_t mem = si->memory_bytes, page = pattern_base();
	const struct bad_call calls[] = {
		{ "unknown number", 9999, 0, 0, HC_E_UNKNOWN },
		{ "hello with another ABI version", HC_HELLO, 77, 0, HC_E_VERSION },
		{ "console text outside memory", HC_CONSOLE_WRITE, mem, 8, HC_E_FAULT },
		{ "console text across the end of memory", HC_CONSOLE_WRITE, mem - 4, 8, HC_E_FAULT },
		{ "console text wrapping the address space", HC_CONSOLE_WRITE, ~0ull - 3, 8, HC_E_FAULT },
		{ "console text in an untouched page", HC_CONSOLE_WRITE, page, 8, HC_E_FAULT },
		{ "console text too long", HC_CONSOLE_WRITE, (uint64_t)(uintptr_t)untouched_page, HC_CONSOLE_MAX + 1, HC_E_INVAL },
	};
	unsigned n = sizeof(calls) / sizeof(calls[0]), refused = 0;

	for (unsigned i = 0; i < n; i++) {
		struct hc_result r = hypercall(calls[i].nr, calls[i].a0,
					       calls[i].a1, 0, 0);

		if (r.status == calls[i].expect) {
			refused++;
			continue;
		}
		report_fail("bad hypercall not refused right: %s: status %ld, want %ld",
			    calls[i].what, (long)r.status, (long)calls[i].expect);
	}
	gprintf("%u of %u bad hypercalls refused with the right code\n", refused, n);
	if (check_emulation())
		report_fail("CPUID or port I/O not emulated as expected");
	report_pass();
}

/* An exception with no IDT to deliver it: #UD, then #DF, then shutdown. */
static void run_triple_fault(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = { 0, 0 };

	gprintf("faulting with an empty IDT\n");
	__asm__ volatile("cli; lidt %0; ud2" : : "m"(empty));
	report_fail("the hypervisor let me run on after a triple fault");
}

/* Runs the scenario's workload, which reports how it went. */
static void run_workload(const struct guest_start_info *si)
{
	switch (si->workload) {
	case GUEST_WL_IDLE:
		report_pass();
		return;
	case GUEST_WL_PATTERN:
		run_pattern(si);
		return;
	case GUEST_WL_WILD:
		run_wild(si);
		return;
	case GUEST_WL_VMCALL_BENCH:
		run_vmcall_bench(si);
		return;
	case GUEST_WL_HYPERCALL_CHECK:
		run_hypercall_check(si);
		return;
	case GUEST_WL_CONTENTION:
		run_contention(si);
		return;
	case GUEST_WL_BALLOON_HOSTILE:
		run_balloon_hostile(si);
		return;
	case GUEST_WL_TRIPLE_FAULT:
		run_triple_fault();
		return;
	case GUEST_WL_USER_HYPERCALL:
		run_user_hypercall();
		return;
	case GUEST_WL_IRQ_STACK:
		run_irq_stack(pattern_base() >> PAGE_SHIFT);
		return;
	case GUEST_WL_SWAPPED_BUFFERS:
		run_swapped_buffers(pattern_base() >> PAGE_SHIFT);
		return;
	case GUEST_WL_FUZZ:
		run_fuzz(si, pattern_base() >> PAGE_SHIFT);
		return;
	case GUEST_WL_ATTACK:
		run_attack(si);
		return;
	case GUEST_WL_BLOCK_CHECK:
		run_block_check(si);
		return;
	case GUEST_WL_VIRTIO_BALLOON:
		run_virtio_balloon(pattern_base() >> PAGE_SHIFT);
		return;
	case GUEST_WL_MMIO_BAD_RING:
	case GUEST_WL_MMIO_LOOP:
	case GUEST_WL_MMIO_OUTSIDE:
	case GUEST_WL_MMIO_OPCODE:
		run_mmio_hostile(si, pattern_base() >> PAGE_SHIFT);
		return;
	default:
		report_error("no workload %u in this guest stub", si->workload);
	}
}

_Noreturn void guest_main(const struct guest_start_info *si)
{
	struct hc_result r;

	hypercall_choose((si->flags & GUEST_START_VMMCALL) != 0);
	r = hypercall(HC_HELLO, BALLAST_ABI_VERSION, 0, 0, 0);

	if (r.status < 0) {
		report_error("hello refused: %ld", (long)r.status);
		report_exit();
	}
	cpu_init();
	gprintf("hello from guest %lu (%s), ABI %lu, %lu MiB\n", r.rcx,
		si->name, r.rbx, si->memory_bytes >> 20);
	palloc_init(pattern_base() >> PAGE_SHIFT, si->memory_bytes >> PAGE_SHIFT);
	run_workload(si);
	report_exit();
}
