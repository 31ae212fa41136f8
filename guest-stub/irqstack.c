/*
 * The irq-stack workload: no event may be lost because delivering it
 * faulted in the hypervisor. It registers as a balloon driver that never
 * inflates, so that every target change raises an interrupt, and takes
 * 15/16 of its memory, so that the policy gives it targets. It touches
 * those pages, and then waits, with its stack on a page it never touched,
 * a new one after each interrupt: the CPU's pushes for the interrupt then
 * take an EPT violation (or find the page swapped), which the hypervisor
 * must answer by mapping the page and injecting the interrupt again. It
 * counts every interrupt it takes; the hypervisor's summary must show as
 * many injected.
 */
#include <ballast/hypercall.h>

#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/palloc.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"
#include "hv/arch/x86/descriptors.h"

#define SPINS 3000000ull /* a final wait: about an emulated second */

extern volatile uint64_t irq_count;
void irq_count_entry(void);
uint64_t touch_on_stack(uint64_t stack_top, uint64_t gpa, uint64_t pages);
uint64_t wait_on_stack(uint64_t stack_top, uint64_t spins);

static void count_balloon_irqs(void)
{
	struct descriptor_table idtr;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	idt_set_gate((uint64_t *)(uintptr_t)idtr.base, BALLAST_BALLOON_VECTOR,
		     (uint64_t)(uintptr_t)irq_count_entry);
}

/* Of the pages the allocator manages, [first, end - end / 16) are held; fresh stacks come down from the
 * top of memory, one page each. */
void run_irq_stack(uint64_t first)
{
	uint64_t end = first + palloc_total_pages(), held = end - end / 16;
	uint64_t stack = end, next = first;
	unsigned fresh = 0;

	count_balloon_irqs();
	hypercall(HC_BALLOON_TARGET, 0, 0, 0, 0);
	while (next < held && stack > held) {
		next += touch_on_stack(stack << PAGE_SHIFT, next << PAGE_SHIFT,
				       held - next);
		if (next < held) {
			fresh++;
			stack--;
		}
	}
	while (stack > held && wait_on_stack(stack << PAGE_SHIFT, SPINS)) {
		fresh++;
		stack--;
	}
	/* No interrupt after the count is taken: the summary's count of
	 * injected interrupts must match it. */
	__asm__ volatile("cli");
	gprintf("held %lu pages; balloon interrupts taken: %lu, %u of them on a stack page never touched before\n",
		held - first, irq_count, fresh);
	report_pass();
}
