/* Host unit tests of the VMX exit reasons' and kinds' names (exit_reason.c). */
#include <string.h>

#include "hv/arch/x86/vmx/vmx_internal.h"
#include "tests/unit/check.h"

static bool reserved(uint32_t r)
{
	return r == 35 || r == 38 || r == 42 || r == 71;
}

/* Issue 11 saw seven exits print as "other": every basic reason the SDM
 * defines must have its own name. */
static void test_every_reason_named(void)
{
	for (uint32_t r = 0; r <= EXIT_REASON_MAX; r++)
		CHECK(reserved(r) == !strcmp(vmx_reason_name(r), "other"));
}

static void test_names_are_distinct(void)
{
	for (uint32_t a = 0; a <= EXIT_REASON_MAX; a++)
		for (uint32_t b = a + 1; b <= EXIT_REASON_MAX; b++)
			CHECK(reserved(a) || reserved(b) ||
			      strcmp(vmx_reason_name(a), vmx_reason_name(b)));
}

static void test_the_ones_guests_cause(void)
{
	CHECK(!strcmp(vmx_reason_name(EXIT_REASON_VMCLEAR), "vmclear"));
	CHECK(!strcmp(vmx_reason_name(EXIT_REASON_VMON), "vmxon"));
	CHECK(!strcmp(vmx_reason_name(EXIT_REASON_INVD), "invd"));
	CHECK(!strcmp(vmx_reason_name(EXIT_REASON_GETSEC), "getsec"));
	CHECK(!strcmp(vmx_reason_name(EXIT_REASON_XSETBV), "xsetbv"));
	CHECK(!strcmp(vmx_reason_name(EXIT_REASON_INVEPT), "invept"));
	CHECK(!strcmp(vmx_reason_name(EXIT_REASON_INVVPID), "invvpid"));
	CHECK(!strcmp(vmx_reason_name(EXIT_REASON_MAX + 1), "other"));
	CHECK(!strcmp(vmx_reason_name(0xffffffffu), "other"));
}

/* The summary counts exits by kind, under the name of the exit each comes
 * from, as the summaries before the count by kind read. */
static void test_kinds_named(void)
{
	CHECK(!strcmp(vmx_exit_name(EXIT_HYPERCALL), "vmcall"));
	CHECK(!strcmp(vmx_exit_name(EXIT_MEM_FAULT), "ept-violation"));
	CHECK(!strcmp(vmx_exit_name(EXIT_TIMER), "preemption-timer"));
	CHECK(!strcmp(vmx_exit_name(EXIT_SHUTDOWN), "triple-fault"));
	CHECK(!strcmp(vmx_exit_name(EXIT_INTR_WINDOW), "interrupt-window"));
	CHECK(!strcmp(vmx_exit_name(EXIT_CPUID), "cpuid"));
	CHECK(!strcmp(vmx_exit_name(EXIT_HALT), "hlt"));
	CHECK(!strcmp(vmx_exit_name(EXIT_IO), "io"));
	CHECK(!strcmp(vmx_exit_name(EXIT_FAILED_ENTRY), "entry-failed"));
	CHECK(!strcmp(vmx_exit_name(EXIT_UNHANDLED), "unhandled"));
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "every basic exit reason the SDM defines is named", test_every_reason_named },
		{ "no two reasons share a name", test_names_are_distinct },
		{ "the exits a hostile guest causes are named", test_the_ones_guests_cause },
		{ "every exit kind has the name of its exit", test_kinds_named },
	};

	return CHECK_RUN("exit reasons", tests);
}
