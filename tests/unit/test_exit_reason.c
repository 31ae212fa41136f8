/* Host unit tests of the VMX exit reasons' names (exit_reason.c). */
#include <string.h>

#include "hv/core/vcpu.h"
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
		CHECK(reserved(r) == !strcmp(vcpu_reason_name(r), "other"));
}

static void test_names_are_distinct(void)
{
	for (uint32_t a = 0; a <= EXIT_REASON_MAX; a++)
		for (uint32_t b = a + 1; b <= EXIT_REASON_MAX; b++)
			CHECK(reserved(a) || reserved(b) ||
			      strcmp(vcpu_reason_name(a), vcpu_reason_name(b)));
}

static void test_the_ones_guests_cause(void)
{
	CHECK(!strcmp(vcpu_reason_name(EXIT_REASON_VMCLEAR), "vmclear"));
	CHECK(!strcmp(vcpu_reason_name(EXIT_REASON_VMON), "vmxon"));
	CHECK(!strcmp(vcpu_reason_name(EXIT_REASON_INVD), "invd"));
	CHECK(!strcmp(vcpu_reason_name(EXIT_REASON_GETSEC), "getsec"));
	CHECK(!strcmp(vcpu_reason_name(EXIT_REASON_XSETBV), "xsetbv"));
	CHECK(!strcmp(vcpu_reason_name(EXIT_REASON_INVEPT), "invept"));
	CHECK(!strcmp(vcpu_reason_name(EXIT_REASON_INVVPID), "invvpid"));
	CHECK(!strcmp(vcpu_reason_name(EXIT_REASON_MAX + 1), "other"));
	CHECK(!strcmp(vcpu_reason_name(0xffffffffu), "other"));
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "every basic exit reason the SDM defines is named", test_every_reason_named },
		{ "no two reasons share a name", test_names_are_distinct },
		{ "the exits a hostile guest causes are named", test_the_ones_guests_cause },
	};

	return CHECK_RUN("exit reasons", tests);
}
