/*
 * Host tests of the core's VM-exit dispatch (hv/core/exit.c) against a
 * stub vCPU: each exit kind's verdict for the scheduler, what it does to
 * the guest's registers and instruction pointer, and the memory fault per
 * class: demand pages mapped or waited for, swapped pages read back,
 * waited for, retried and given up on, and the guest stopped, with its
 * reason on the console, for what no guest may touch.
 */
#include "hv/arch/x86/cpuid.h"
#include "hv/core/exit.h"
#include "tests/unit/check.h"
#include "tests/unit/core_fixture.h"

#include <ballast/hypercall.h>
#include <stdio.h>

#define G (&core_guest)

static enum exit_action fault(gpa_t gpa, unsigned access)
{
	struct vm_exit e = { .kind = EXIT_MEM_FAULT, .reason = 48,
			     .gpa = gpa, .access = access,
			     .qualification = 0x181 };

	return handle_exit(G, &e);
}

static enum exit_action exit_of(enum exit_kind kind, uint32_t reason)
{
	struct vm_exit e = { .kind = kind, .reason = reason };

	return handle_exit(G, &e);
}

static enum p2m_state state(gfn_t gfn)
{
	return p2m_state_of(&G->p2m, gfn);
}

/* The guest was stopped, with this reason on the console, and gave its
 * memory back. */
static bool stopped_for(const char *reason)
{
	return G->state == GUEST_STOPPED && stub_console_has(reason) &&
	       pmem_count(&core_pmem, PMEM_GUEST) == 0;
}

static void test_demand(void)
{
	gfn_t gfn = core_free_gfn + 5;

	core_setup();
	CHECK(fault(gfn * PAGE_SIZE + 8, MEM_ACCESS_WRITE) == EXIT_ACTION_RESUME);
	CHECK(state(gfn) == P2M_MAPPED && G->p2m.demand_pages == 1);
	CHECK(!G->blocked && stub_log.skips == 0); /* the access runs again */
	/* Noted as a victim: the only page the swapper may take. */
	CHECK(swapper_swap_out(&G->swap, 4) == 1 && state(gfn) == P2M_SWAPPED);
	core_teardown();
}

static void test_demand_waits(void)
{
	gfn_t gfn = core_free_gfn;

	core_setup();
	stub_log.must_block = true;     /* low state, over its entitlement */
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_YIELD);
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_YIELD);
	CHECK(G->blocked && G->blocked_events == 1 && state(gfn) == P2M_UNTOUCHED);
	stub_log.must_block = false;
	G->blocked = false;
	core_exhaust();                 /* no machine page free */
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_YIELD);
	CHECK(G->blocked && G->blocked_events == 2 && state(gfn) == P2M_UNTOUCHED);
	core_give_back();
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_RESUME);
	CHECK(state(gfn) == P2M_MAPPED);
	core_teardown();
}

static void test_swapped(void)
{
	gfn_t gfn = core_free_gfn + 1;

	core_setup();
	core_touch(gfn);
	core_swap_out(gfn);
	stub_log.must_block = true;
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_YIELD);
	CHECK(G->blocked && state(gfn) == P2M_SWAPPED);
	stub_log.must_block = false;
	core_exhaust();
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_YIELD);
	CHECK(state(gfn) == P2M_SWAPPED && core_swap.used == 1);
	core_give_back();
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_RESUME);
	CHECK(state(gfn) == P2M_MAPPED && core_holds_its_content(gfn));
	CHECK(G->swap.ins == 1 && core_swap.used == 0);
	core_teardown();
}

static void fail_next_read(void)
{
	core_swap.fail_read_at = core_swap.read_tries + 1;
}

/* Two failed reads are retried, and a good one forgets them. */
static void test_swap_in_retried(void)
{
	gfn_t gfn = core_free_gfn + 2;

	core_setup();
	core_touch(gfn);
	core_swap_out(gfn);
	for (unsigned i = 1; i <= 2; i++) {
		fail_next_read();
		CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_RESUME);
		CHECK(state(gfn) == P2M_SWAPPED && G->read_failures == i);
	}
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_RESUME);
	CHECK(state(gfn) == P2M_MAPPED && core_holds_its_content(gfn));
	CHECK(G->read_failures == 0 && G->swap.errors == 2);
	core_teardown();
}

static void test_swap_in_given_up(void)
{
	gfn_t gfn = core_free_gfn + 3;
	char reason[96];

	core_setup();
	core_touch(gfn);
	core_swap_out(gfn);
	fail_next_read();
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_RESUME);
	fail_next_read();
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_RESUME);
	fail_next_read();
	CHECK(fault(gfn * PAGE_SIZE, MEM_ACCESS_READ) == EXIT_ACTION_ENDED);
	snprintf(reason, sizeof(reason),
		 "stopped: swap-in of page 0x%lx failed 3 times in a row\n", gfn);
	CHECK(stopped_for(reason));
	CHECK(core_swap.used == 0); /* its slot went back with it */
	core_teardown();
}

static void test_ballooned(void)
{
	gfn_t gfn = core_free_gfn + 4;
	char reason[128];
	slot_t slot;

	core_setup();
	CHECK(p2m_prepare(&G->p2m, gfn) == ST_OK);
	CHECK(p2m_balloon(&G->p2m, gfn, &slot) == P2M_UNTOUCHED);
	CHECK(fault(gfn * PAGE_SIZE + 4, MEM_ACCESS_WRITE) == EXIT_ACTION_ENDED);
	snprintf(reason, sizeof(reason),
		 "stopped: write access to page 0x%lx, which it gave to the balloon (it broke its promise)\n",
		 gfn);
	CHECK(stopped_for(reason));
	core_teardown();
}

static void test_outside(void)
{
	core_setup();
	CHECK(fault(CORE_GUEST_PAGES * PAGE_SIZE, MEM_ACCESS_READ | MEM_ACCESS_EXEC) ==
	      EXIT_ACTION_ENDED);
	CHECK(stopped_for("stopped: read/execute access to 0x400000, outside its 4 MiB of memory\n"));
	core_teardown();
	core_setup();
	CHECK(fault(~0ull, MEM_ACCESS_READ) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("read access to 0xffffffffffffffff, outside its 4 MiB"));
	core_teardown();
}

static void test_spurious(void)
{
	core_setup();
	CHECK(fault(GUEST_IMAGE_GPA, 7) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("stopped: EPT violation at mapped page 0x100000 (qualification 0x181)\n"));
	core_teardown();
}

static void test_hypercall(void)
{
	core_setup();
	G->vcpu.regs.rax = HC_HELLO;
	G->vcpu.regs.rbx = BALLAST_ABI_VERSION;
	CHECK(exit_of(EXIT_HYPERCALL, 18) == EXIT_ACTION_RESUME);
	CHECK(G->vcpu.regs.rax == 0 && G->vcpu.regs.rcx == 1);
	CHECK(stub_log.skips == 1);
	core_teardown();
}

static enum exit_action io(uint16_t port, uint8_t size, bool in, bool string)
{
	struct vm_exit e = { .kind = EXIT_IO, .reason = 30, .port = port,
			     .io_size = size, .io_in = in, .io_string = string };

	return handle_exit(G, &e);
}

static void test_io(void)
{
	struct vcpu_regs *r = &G->vcpu.regs;

	core_setup();
	r->rax = 0x1122334455667788ull;
	CHECK(io(0x80, 1, false, false) == EXIT_ACTION_RESUME);
	CHECK(r->rax == 0x1122334455667788ull && stub_log.skips == 1);
	CHECK(io(0x60, 1, true, false) == EXIT_ACTION_RESUME);
	CHECK(r->rax == 0x11223344556677ffull);
	CHECK(io(0x60, 2, true, false) == EXIT_ACTION_RESUME);
	CHECK(r->rax == 0x112233445566ffffull);
	CHECK(io(0x60, 4, true, false) == EXIT_ACTION_RESUME);
	CHECK(r->rax == 0xffffffffull && stub_log.skips == 4);
	CHECK(io(0x3f8, 1, false, true) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("stopped: string I/O on port 0x3f8 is not emulated\n"));
	CHECK(stub_log.skips == 4);
	core_teardown();
}

static void test_cpuid(void)
{
	struct vcpu_regs *r = &G->vcpu.regs;

	core_setup();
	r->rax = CPUID_HV_SIGNATURE_LEAF;
	CHECK(exit_of(EXIT_CPUID, 10) == EXIT_ACTION_RESUME);
	CHECK(r->rbx == 0x6c6c6142u && r->rcx == 0x48747361u && r->rdx == 0x56u);
	r->rax = 1;
	r->rcx = 0;
	CHECK(exit_of(EXIT_CPUID, 10) == EXIT_ACTION_RESUME);
	CHECK((r->rcx & (1u << 31)) && !(r->rcx & (1u << 5))); /* hypervisor, no VMX */
	CHECK(stub_log.skips == 2);
	core_teardown();
}

static void test_slice_enders(void)
{
	core_setup();
	CHECK(exit_of(EXIT_HALT, 12) == EXIT_ACTION_YIELD);
	CHECK(stub_log.skips == 1);
	CHECK(exit_of(EXIT_TIMER, 52) == EXIT_ACTION_YIELD);
	CHECK(exit_of(EXIT_INTR_WINDOW, 7) == EXIT_ACTION_RESUME);
	CHECK(stub_log.skips == 1 && G->state == GUEST_RUNNABLE);
	core_teardown();
}

static void test_stops(void)
{
	static const struct {
		enum exit_kind kind;
		uint32_t reason;
		const char *text;
	} cases[] = {
		{ EXIT_SHUTDOWN, 2, "stopped: triple fault (exit reason 2 STUB, qualification 0x0)\n" },
		{ EXIT_FAILED_ENTRY, 33, "stopped: VM entry failed (exit reason 33 STUB, qualification 0x0)\n" },
		{ EXIT_UNHANDLED, 55, "stopped: unhandled VM exit (exit reason 55 STUB, qualification 0x0)\n" },
		{ (enum exit_kind)99, 1, "stopped: unhandled VM exit (exit reason 1 STUB" },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		core_setup();
		CHECK(exit_of(cases[i].kind, cases[i].reason) == EXIT_ACTION_ENDED);
		CHECK(stopped_for(cases[i].text));
		core_teardown();
	}
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "a first touch maps a page and notes it", test_demand },
		{ "a first touch waits for the policy and for a free page", test_demand_waits },
		{ "a swapped page is read back, or waited for", test_swapped },
		{ "a failed swap-in is retried, a good one forgets", test_swap_in_retried },
		{ "the third failed swap-in in a row stops the guest", test_swap_in_given_up },
		{ "a ballooned page touched stops the guest", test_ballooned },
		{ "an access outside the guest stops it", test_outside },
		{ "a fault at a mapped page stops the guest", test_spurious },
		{ "a hypercall is dispatched", test_hypercall },
		{ "port I/O: OUT dropped, IN all ones, string I/O stops", test_io },
		{ "CPUID: Ballast's leaf, no VMX", test_cpuid },
		{ "HLT and the timer end the slice", test_slice_enders },
		{ "triple fault, failed entry, unhandled exits stop the guest", test_stops },
	};
	int rc = CHECK_RUN("exit", tests);

	core_free();
	return rc;
}
