/*
 * Host unit tests of the back end picked at boot (hv/arch/x86/virt.c) and
 * of printk and panic over their sink (hv/lib/printk.c). The VMX and SVM
 * tables here are fakes whose CPUID answers the test sets, so the choice,
 * the calls' way to it and the lines printed without one are seen.
 */
#include <ballast/run_status.h>
#include <setjmp.h>
#include <string.h>

#include "hv/arch/x86/fpu.h"
#include "hv/arch/x86/virt_ops.h"
#include "hv/lib/printk.h"
#include "tests/unit/check.h"

static struct {
	bool present, svm_present;
	unsigned inits, svm_inits, runs, skips, fpu_setups, fpu_switches;
	char out[1024];
	size_t len;
	int stopped;
	jmp_buf stop;
} fake;

/* The FPU switch (fpu.c) touches control registers: counted here. */
void fpu_setup(void)
{
	fake.fpu_setups++;
}

void fpu_init(struct vcpu_fpu *f)
{
	(void)f;
}

void fpu_switch_to(struct vcpu *v)
{
	(void)v;
	fake.fpu_switches++;
}

void fpu_forget(struct vcpu *v)
{
	(void)v;
}

static void sink_write(const char *s, unsigned long n)
{
	if (fake.len + n >= sizeof(fake.out))
		n = sizeof(fake.out) - fake.len - 1;
	memcpy(fake.out + fake.len, s, n);
	fake.len += n;
	fake.out[fake.len] = '\0';
}

static void sink_stop(int status)
{
	fake.stopped = status;
	longjmp(fake.stop, 1);
}

static const struct printk_sink sink = { sink_write, sink_stop };

static bool fake_present(void)
{
	return fake.present;
}

static int fake_init(void)
{
	fake.inits++;
	return ST_OK;
}

static bool fake_svm_present(void)
{
	return fake.svm_present;
}

static int fake_svm_init(void)
{
	fake.svm_inits++;
	return ST_OK;
}

static uint32_t fake_no_flags(void)
{
	return 0;
}

static uint32_t fake_svm_flags(void)
{
	return 0x2;
}

static bool fake_tracks(void)
{
	return true;
}

static const char *fake_exit_name(enum exit_kind kind)
{
	return kind == EXIT_HYPERCALL ? "vmcall" : "some";
}

static void fake_run(struct vcpu *v, uint64_t slice, struct vm_exit *e)
{
	(void)v;
	fake.runs++;
	e->kind = EXIT_TIMER;
	e->reason = (uint32_t)slice;
}

static void fake_skip(struct vcpu *v)
{
	(void)v;
	fake.skips++;
}

const struct virt_ops vmx_virt_ops = {
	.missing = "this CPU has no VMX (VT-x)",
	.present = fake_present,
	.init = fake_init,
	.tracks_accessed = fake_tracks,
	.guest_flags = fake_no_flags,
	.exit_name = fake_exit_name,
	.vcpu_run = fake_run,
	.vcpu_skip_instruction = fake_skip,
};

const struct virt_ops svm_virt_ops = {
	.missing = "this CPU has no SVM (AMD-V)",
	.present = fake_svm_present,
	.init = fake_svm_init,
	.tracks_accessed = fake_tracks,
	.guest_flags = fake_svm_flags,
	.exit_name = fake_exit_name,
	.vcpu_run = fake_run,
	.vcpu_skip_instruction = fake_skip,
};

static void reset(bool present)
{
	memset(&fake, 0, sizeof(fake));
	fake.present = present;
	printk_register(&sink);
}

/* Without the extension nothing is turned on, and what is missing is one
 * line per back end. */
static void test_none_present(void)
{
	reset(false);
	CHECK(virt_init() == ST_INVAL);
	CHECK(fake.inits == 0 && fake.svm_inits == 0);
	CHECK(!strcmp(fake.out, "ballast: this CPU has no VMX (VT-x)\n"
				"ballast: this CPU has no SVM (AMD-V)\n"));
}

/* An AMD CPU: only SVM is there, and it is the one turned on; its flags
 * reach the guests' start info. */
static void test_svm_picked(void)
{
	reset(false);
	fake.svm_present = true;
	CHECK(virt_init() == ST_OK);
	CHECK(fake.inits == 0 && fake.svm_inits == 1 && fake.len == 0);
	CHECK(virt_guest_flags() == 0x2);
}

static void test_picked_and_called(void)
{
	struct vcpu v;
	struct vm_exit e;

	reset(true);
	CHECK(virt_init() == ST_OK);
	CHECK(fake.inits == 1 && fake.len == 0);
	CHECK(virt_tracks_accessed());
	CHECK(virt_guest_flags() == 0);
	vcpu_run(&v, 1234, &e);
	CHECK(fake.runs == 1 && e.kind == EXIT_TIMER && e.reason == 1234);
	/* the guest's x87/SSE registers are loaded before it runs */
	CHECK(fake.fpu_setups == 1 && fake.fpu_switches == 1);
	vcpu_skip_instruction(&v);
	CHECK(fake.skips == 1);
	CHECK(!strcmp(virt_exit_name(EXIT_HYPERCALL), "vmcall"));
	CHECK(!strcmp(virt_exit_name(EXIT_KINDS), "other"));
}

static void test_printk_sink(void)
{
	reset(true);
	printk_register(0);
	printk("dropped %d\n", 1);
	CHECK(fake.len == 0);
	printk_register(&sink);
	printk("kept %s %lu\n", "x", 42ul);
	CHECK(!strcmp(fake.out, "kept x 42\n"));
}

static void test_panic_stops(void)
{
	reset(true);
	if (!setjmp(fake.stop))
		panic_at("f.c", 7, "broken %u", 3u);
	CHECK(fake.stopped == RUN_STATUS_PANIC);
	CHECK(!strcmp(fake.out, "PANIC at f.c:7: broken 3\nballast: run failed: status 2\n"));
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "no back end present: one line each, nothing turned on", test_none_present },
		{ "the present back end is picked and the vcpu calls reach it", test_picked_and_called },
		{ "only SVM present: SVM is picked, its guest flags reach the core", test_svm_picked },
		{ "printk writes to the registered sink only", test_printk_sink },
		{ "panic prints where and stops with the panic status", test_panic_stops },
	};

	return CHECK_RUN("virt", tests);
}
