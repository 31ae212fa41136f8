/*
 * The user-hypercall workload: a guest's user process must not reach the
 * hypervisor. It builds what ring 3 needs (user segments, a TSS for the
 * way back, user-accessible page tables over its image), drops to CPL 3,
 * makes every hypercall there, and comes back through #UD. Each call must
 * be refused with HC_E_PRIVILEGE, its other registers untouched: no
 * console text, no exit, no balloon.
 */
#include <ballast/guest.h>
#include <ballast/hypercall.h>

#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"
#include "hv/arch/x86/descriptors.h"

#define DESC_USER_DATA 0x00cff2000000ffffull   /* present, DPL 3, read/write */
#define DESC_USER_CODE64 0x00affa000000ffffull /* present, DPL 3, L, execute/read */
#define DESC_TSS64 0x89ull                     /* present, available 64-bit TSS */
#define SEL_TSS 0x28
#define TSS_SIZE 104
#define PTE_U 0x4ull
#define LARGE_PAGE_SHIFT 21
#define VECTOR_UD 6
#define NR_CALLS 9

void user_enter(void (*fn)(void), uint64_t user_stack_top);
void user_return(void);

extern char _bss_end[];

static uint64_t gdt[7] __attribute__((aligned(16)));
static uint32_t tss[TSS_SIZE / 4] __attribute__((aligned(16)));
static uint8_t user_stack[4096] __attribute__((aligned(16)));
static uint8_t trap_stack[4096] __attribute__((aligned(16)));
static uint64_t list[PAGE_SIZE / sizeof(uint64_t)] __attribute__((aligned(4096)));
static const char forged[] = "ballast: run ended: status 0\n";

struct user_call {
	const char *what;
	uint64_t nr, a0, a1;
};

static struct user_call calls[NR_CALLS];
static struct hc_result results[NR_CALLS];

/* Runs at CPL 3: only the calls, their results into memory, then UD2. */
static void user_main(void)
{
	for (unsigned i = 0; i < NR_CALLS; i++)
		results[i] = hypercall(calls[i].nr, calls[i].a0, calls[i].a1, 0, 0);
	__asm__ volatile("ud2");
}

static void set_calls(void)
{
	uint64_t l = (uint64_t)(uintptr_t)list;
	const struct user_call c[NR_CALLS] = {
		{ "hello", HC_HELLO, BALLAST_ABI_VERSION, 0 },
		{ "console write of a forged line", HC_CONSOLE_WRITE,
		  (uint64_t)(uintptr_t)forged, sizeof(forged) - 1 },
		{ "yield", HC_YIELD, 0, 0 },
		{ "exit", HC_EXIT, 77, 0 },
		{ "balloon target", HC_BALLOON_TARGET, 0, 0 },
		{ "inflate of a kernel page", HC_BALLOON_INFLATE, l, 1 },
		{ "deflate", HC_BALLOON_DEFLATE, l, 1 },
		{ "report stats", HC_REPORT_STATS, l, 1 },
		{ "unknown number", 9999, 0, 0 },
	};

	for (unsigned i = 0; i < NR_CALLS; i++)
		calls[i] = c[i];
	list[0] = (uint64_t)(uintptr_t)trap_stack >> PAGE_SHIFT;
}

/* Kernel segments at the selectors the stub already uses, then user data
 * (0x18), user code (0x20) and the TSS (0x28) whose RSP0 takes the #UD. */
static void load_gdt_and_tss(void)
{
	uint64_t base = (uint64_t)(uintptr_t)tss;
	uint64_t rsp0 = (uint64_t)(uintptr_t)(trap_stack + sizeof(trap_stack));
	struct descriptor_table d = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

	tss[1] = (uint32_t)rsp0;
	tss[2] = (uint32_t)(rsp0 >> 32);
	tss[TSS_SIZE / 4 - 1] = TSS_SIZE << 16; /* no I/O permission bitmap */
	gdt[1] = DESC_CODE64;
	gdt[2] = DESC_DATA;
	gdt[3] = DESC_USER_DATA;
	gdt[4] = DESC_USER_CODE64;
	gdt[5] = (TSS_SIZE - 1) | (base & 0xffffffull) << 16 |
		 DESC_TSS64 << 40 | ((base >> 24) & 0xffull) << 56;
	gdt[6] = base >> 32;
	gdt_load(&d);
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
}

/* The start page tables (include/ballast/guest.h) map the image for the
 * kernel only: open the top two levels and the 2 MiB pages under it. */
static void open_image_to_user(void)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)GUEST_PML4_GPA;
	uint64_t *pdpt = pml4 + 512, *pd = pml4 + 1024;
	uint64_t last = ((uint64_t)(uintptr_t)_bss_end - 1) >> LARGE_PAGE_SHIFT;
	uint64_t cr3;

	pml4[0] |= PTE_U;
	pdpt[0] |= PTE_U;
	for (uint64_t i = 0; i <= last; i++)
		pd[i] |= PTE_U;
	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
}

/* Runs user_main at CPL 3 with #UD routed back here. */
static void run_in_ring3(void)
{
	struct descriptor_table idtr;
	uint64_t *idt, saved[2];

	__asm__ volatile("sidt %0" : "=m"(idtr));
	idt = (uint64_t *)(uintptr_t)idtr.base;
	saved[0] = idt[2 * VECTOR_UD];
	saved[1] = idt[2 * VECTOR_UD + 1];
	idt_set_gate(idt, VECTOR_UD, (uint64_t)(uintptr_t)user_return);
	user_enter(user_main, (uint64_t)(uintptr_t)(user_stack + sizeof(user_stack)));
	idt[2 * VECTOR_UD] = saved[0];
	idt[2 * VECTOR_UD + 1] = saved[1];
}

void run_user_hypercall(void)
{
	unsigned refused = 0;

	set_calls();
	load_gdt_and_tss();
	open_image_to_user();
	run_in_ring3();
	for (unsigned i = 0; i < NR_CALLS; i++) {
		if (results[i].status == HC_E_PRIVILEGE &&
		    results[i].rbx == calls[i].a0 && results[i].rcx == calls[i].a1) {
			refused++;
			continue;
		}
		report_fail("hypercall from user mode not refused right: %s: status %ld, want %ld",
			    calls[i].what, (long)results[i].status,
			    (long)HC_E_PRIVILEGE);
	}
	gprintf("%u of %u hypercalls from user mode refused with HC_E_PRIVILEGE\n",
		refused, NR_CALLS);
	if (hypercall(HC_HELLO, BALLAST_ABI_VERSION, 0, 0, 0).status != 0) {
		report_fail("back in the kernel, hello was refused");
		return;
	}
	gprintf("back in the kernel, hypercalls work\n");
	report_pass();
}
