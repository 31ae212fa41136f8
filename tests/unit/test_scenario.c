/*
 * The scenario parser: a good file, the defaults, and one test per class of
 * error, each checking the line, the column and the words of the message.
 */
#include "hv/mm/scenario.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <string.h>

static struct scenario scn;
static struct scn_error err;

static int parse(const char *text)
{
	return scn_parse(text, strlen(text), &scn, &err);
}

/* The file must fail at line:col with a message containing `words`. */
static void expect_error(const char *text, unsigned line, unsigned col,
			 const char *words)
{
	int st = parse(text);

	CHECK(st < 0);
	CHECK(err.line == line);
	CHECK(err.col == col);
	CHECK(strstr(err.msg, words) != NULL);
	if (st >= 0 || err.line != line || err.col != col ||
	    !strstr(err.msg, words))
		printf("#   got %u:%u: %s\n", err.line, err.col, err.msg);
}

#define MACHINE "machine memory=128M\n"
#define GUEST "guest g1 memory=64M\n"

static const char design_example[] =
	"# case study, contention, scaled 1/128\n"
	"machine memory=128M\n"
	"policy  model=esx soft=6% hard=4% low=2% margin=1% tax=75% "
	"max-balloon=65% tick=100ms\n"
	"run     seed=42 until=all-exited limit=600s\n"
	"swap    size=64M bandwidth=8M/s\n"
	"guest   ws1 memory=64M shares=1000 balloon=on workload=contention "
	"heap=48M work=200\n"
	"guest   ws2 memory=64M shares=1000 balloon=off workload=contention "
	"heap=48M work=200\n";

static void test_design_example(void)
{
	CHECK(parse(design_example) == 0);
	CHECK(scn.machine_memory == 128ull << 20);
	CHECK(scn.policy.model == POLICY_MODEL_ESX);
	CHECK(scn.policy.soft_bp == 600 && scn.policy.hard_bp == 400 && scn.policy.low_bp == 200);
	CHECK(scn.policy.margin_bp == 100 && scn.policy.tax_bp == 7500);
	CHECK(scn.policy.max_balloon_bp == 6500 && scn.tick_ms == 100);
	CHECK(scn.seed == 42 && scn.until_ms == 0 && scn.limit_ms == 600000);
	CHECK(scn.swap_size == 64ull << 20);
	CHECK(scn.swap_bandwidth == 8ull << 20);
	CHECK(scn.nguests == 2);
	CHECK(strcmp(scn.guests[0].name, "ws1") == 0);
	CHECK(strcmp(scn.guests[1].name, "ws2") == 0);
	CHECK(scn.guests[0].memory == 64ull << 20);
	CHECK(scn.guests[0].shares == 1000);
	CHECK(scn.guests[0].balloon && !scn.guests[1].balloon);
	CHECK(scn.guests[0].workload == GUEST_WL_CONTENTION);
	CHECK(scn.guests[0].heap == 48ull << 20 && scn.guests[0].work == 200);
}

static void test_defaults(void)
{
	CHECK(parse(MACHINE "guest a memory=8M reservation=2M\n"
		    "guest b memory=16M limit=8M\n") == 0);
	CHECK(scn.policy.model == POLICY_MODEL_ESX && scn.policy.soft_bp == 600);
	CHECK(scn.policy.hard_bp == 400 && scn.policy.low_bp == 200 && scn.policy.margin_bp == 100);
	CHECK(scn.policy.tax_bp == 7500 && scn.policy.max_balloon_bp == 6500);
	CHECK(scn.tick_ms == 100 && scn.until_ms == 0);
	CHECK(scn.seed == 1 && scn.limit_ms == 600000);
	/* ESX's per-VM swap files: memory - reservation each. */
	CHECK(scn.swap_size == (6ull << 20) + (16ull << 20));
	CHECK(scn.guests[0].shares == 80 && scn.guests[1].shares == 160);
	CHECK(scn.guests[0].balloon && scn.guests[0].workload == GUEST_WL_IDLE);
	CHECK(scn_guest_limit(&scn.guests[0]) == 8ull << 20);
	CHECK(scn_guest_limit(&scn.guests[1]) == 8ull << 20);
}

static void test_values(void)
{
	CHECK(parse("\r\n  # comment only\n\tmachine memory=0x1000000 # 16M\r\n"
		    "policy model=minfree margin=0.5% tax=12.25% tick=1s\n"
		    "run seed=0xffffffffffffffff until=90min limit=2min\n"
		    "guest p memory=4M workload=pattern touch=1000\n"
		    "guest w memory=4M workload=wild at=0x100000000\n"
		    "guest i memory=1G workload=idle shares=1000000") == 0);
	CHECK(scn.machine_memory == 16ull << 20);
	CHECK(scn.policy.model == POLICY_MODEL_MINFREE);
	CHECK(scn.policy.margin_bp == 50 && scn.policy.tax_bp == 1225 && scn.tick_ms == 1000);
	CHECK(scn.seed == UINT64_MAX);
	CHECK(scn.until_ms == 90 * 60000 && scn.limit_ms == 120000);
	CHECK(scn.guests[0].touch == 1000);
	CHECK(scn.guests[1].wild_at == 1ull << 32);
	CHECK(scn.guests[2].shares == 1000000);
}

/* Disk fault injection: off unless asked; a count, so 0 and hex parse. */
static void test_swap_faults(void)
{
	CHECK(parse(MACHINE GUEST) == 0);
	CHECK(scn.swap_fail_read == 0 && scn.swap_fail_write == 0);
	CHECK(parse(MACHINE "swap size=8M fail-read=3 fail-write=0x10\n" GUEST) == 0);
	CHECK(scn.swap_size == 8ull << 20);
	CHECK(scn.swap_fail_read == 3 && scn.swap_fail_write == 16);
	CHECK(scn.swap_corrupt_read == 0);
	CHECK(parse(MACHINE "swap corrupt-read=7\n" GUEST) == 0);
	CHECK(scn.swap_corrupt_read == 7);
	expect_error(MACHINE "swap fail-write=two\n" GUEST, 2, 17,
		     "expected a whole number, not 'two'");
}

static void test_unknown_keyword(void)
{
	expect_error(MACHINE "  gust g1 memory=64M\n", 2, 3, "unknown keyword 'gust'");
}

static void test_unknown_key(void)
{
	expect_error(MACHINE "guest g1 memory=64M colour=red\n", 2, 21,
		     "unknown key 'colour' for 'guest'");
}

static void test_duplicate_key(void)
{
	expect_error(MACHINE "guest g1 memory=64M memory=32M\n", 2, 21,
		     "duplicate key 'memory'");
}

static void test_duplicate_line(void)
{
	expect_error(MACHINE GUEST "run seed=1\nrun seed=2\n", 4, 1,
		     "duplicate 'run' line (first at line 3)");
}

static void test_not_key_value(void)
{
	expect_error(MACHINE "guest g1 memory=64M balloon\n", 2, 21,
		     "expected key=value");
	expect_error(MACHINE "guest g1 memory=\n", 2, 10, "missing value");
}

static void test_bad_number(void)
{
	expect_error(MACHINE "guest g1 memory=lots\n", 2, 17, "expected 'lots'");
	expect_error(MACHINE "guest g1 memory=64M shares=1k\n", 2, 28,
		     "expected a whole number");
	expect_error(MACHINE "guest g1 memory=64M shares=0\n", 2, 28,
		     "out of range");
	expect_error("run seed=x1\n", 1, 10, "expected a whole number");
}

static void test_bad_unit(void)
{
	expect_error(MACHINE "guest g1 memory=64MB\n", 2, 19,
		     "unknown unit 'MB'");
	expect_error(MACHINE "policy tick=100\n", 2, 13, "missing unit in '100'");
	expect_error(MACHINE "swap bandwidth=8M\n", 2, 16, "size per second");
	expect_error(MACHINE "guest g1 memory=64M balloon=yes\n", 2, 29,
		     "on or off");
	expect_error(MACHINE "policy model=esx6\n", 2, 14, "esx and minfree");
	expect_error(MACHINE "guest g1 memory=64M workload=gc\n", 2, 30,
		     "workloads are");
}

static void test_not_page_multiple(void)
{
	expect_error("machine memory=1000\n", 1, 16, "not a multiple of 4K");
}

static void test_overflow(void)
{
	expect_error("machine memory=99999999999999999999\n", 1, 16,
		     "too large");
	expect_error("machine memory=17179869184G\n", 1, 16, "too large");
	expect_error(MACHINE "policy tick=999999999999999999min\n", 2, 13,
		     "too large");
}

static void test_zero_time(void)
{
	expect_error(MACHINE "policy tick=0ms\n", 2, 13, "more than 0");
}

static void test_percent(void)
{
	expect_error(MACHINE "policy tax=101%\n", 2, 12, "over 100%");
	expect_error(MACHINE "policy tax=100.01%\n", 2, 12, "over 100%");
	expect_error(MACHINE "policy tax=75\n", 2, 12, "like 6% or 0.5%");
	expect_error(MACHINE "policy tax=7.125%\n", 2, 12, "two decimals");
}

static void test_threshold_order(void)
{
	expect_error(MACHINE "policy soft=4% hard=5%\n", 2, 21,
		     "soft > hard > low");
	expect_error(MACHINE "policy low=4%\n", 2, 12, "soft > hard > low");
}

static void test_model_keys(void)
{
	expect_error(MACHINE "policy model=minfree soft=6%\n", 2, 22,
		     "'soft' does not apply to this model");
}

static void test_missing_machine(void)
{
	expect_error(GUEST, 1, 1, "missing 'machine memory=SIZE'");
	expect_error("machine\n" GUEST, 1, 1, "missing required key 'memory='");
}

static void test_missing_guest_memory(void)
{
	expect_error(MACHINE "guest g1 shares=10\n", 2, 1,
		     "missing required key 'memory='");
	expect_error(MACHINE "guest\n", 2, 1, "guest needs a name");
}

static void test_workload_keys(void)
{
	expect_error(MACHINE "guest g1 memory=64M workload=contention heap=8M\n",
		     2, 30, "missing required key 'work='");
	expect_error(MACHINE "guest g1 memory=64M workload=pattern\n", 2, 30,
		     "missing required key 'touch='");
	expect_error(MACHINE "guest g1 memory=64M heap=8M\n", 2, 21,
		     "'heap' does not apply to this workload");
	expect_error(MACHINE "guest g1 memory=64M workload=vmcall-bench\n", 2,
		     30, "missing required key 'calls='");
	expect_error(MACHINE "guest g1 memory=64M workload=vmcall-bench calls=0\n",
		     2, 49, "out of range");
	expect_error(MACHINE "guest g1 memory=64M calls=5\n", 2, 21,
		     "'calls' does not apply to this workload");
}

static void test_active_share(void)
{
	CHECK(parse(MACHINE "guest g1 memory=64M workload=contention heap=8M "
			    "work=2 active=25%\n"
			    "guest g2 memory=64M workload=contention heap=8M "
			    "work=2\n") == 0);
	CHECK(scn.guests[0].active_bp == 2500);
	CHECK(scn.guests[1].active_bp == 10000);
	expect_error(MACHINE "guest g1 memory=64M workload=contention heap=8M "
			     "work=2 active=0%\n", 2, 63, "active must be more than 0%");
	expect_error(MACHINE "guest g1 memory=64M active=50%\n", 2, 21,
		     "'active' does not apply to this workload");
}

static void test_hypervisor_workloads(void)
{
	CHECK(parse(MACHINE "guest g1 memory=16M workload=vmcall-bench "
			    "calls=10000\n"
			    "guest g2 memory=16M workload=hypercall-check\n"
			    "guest g3 memory=16M workload=balloon-hostile\n"
			    "guest g4 memory=16M workload=triple-fault\n") == 0);
	CHECK(scn.guests[0].workload == GUEST_WL_VMCALL_BENCH);
	CHECK(scn.guests[0].calls == 10000);
	CHECK(scn.guests[1].workload == GUEST_WL_HYPERCALL_CHECK);
	CHECK(scn.guests[2].workload == GUEST_WL_BALLOON_HOSTILE);
	CHECK(scn.guests[3].workload == GUEST_WL_TRIPLE_FAULT);
	CHECK(parse(MACHINE "guest g1 memory=16M workload=user-hypercall\n"
			    "guest g2 memory=16M workload=irq-stack\n"
			    "guest g3 memory=16M workload=swapped-buffers\n") == 0);
	CHECK(scn.guests[0].workload == GUEST_WL_USER_HYPERCALL);
	CHECK(scn.guests[1].workload == GUEST_WL_IRQ_STACK);
	CHECK(scn.guests[2].workload == GUEST_WL_SWAPPED_BUFFERS);
	CHECK(parse(MACHINE "guest g1 memory=16M workload=fuzz hypercalls=5\n"
			    "guest g2 memory=16M workload=attack attack=snoop\n") == 0);
	CHECK(scn.guests[0].workload == GUEST_WL_FUZZ && scn.guests[0].calls == 5);
	CHECK(scn.guests[1].workload == GUEST_WL_ATTACK &&
	      scn.guests[1].attack == GUEST_ATTACK_SNOOP);
}

static void test_zero_guests(void)
{
	expect_error(MACHINE "# nothing else\n", 1, 1, "needs a 'guest' line");
}

static void test_too_many_guests(void)
{
	char text[2048] = MACHINE;

	for (int i = 0; i <= SCN_MAX_GUESTS; i++)
		sprintf(text + strlen(text), "guest g%d memory=4M\n", i);
	expect_error(text, SCN_MAX_GUESTS + 2, 1, "too many guests");
}

static void test_guest_names(void)
{
	expect_error(MACHINE "guest a-very-long-name memory=4M\n", 2, 7,
		     "longer than 15");
	expect_error(MACHINE "guest a/b memory=4M\n", 2, 7, "only letters");
	expect_error(MACHINE "guest ws memory=4M\n\nguest ws memory=4M\n", 4, 7,
		     "duplicate guest name 'ws' (first at line 2)");
}

static void test_guest_sizes(void)
{
	expect_error(MACHINE "guest g memory=4M workload=pattern touch=5M\n",
		     2, 42, "touch is larger than the guest's memory");
	expect_error(MACHINE "guest g memory=4M workload=wild at=1M\n", 2, 36,
		     "inside the guest's memory");
	expect_error(MACHINE "guest g memory=4M limit=8M\n", 2, 25,
		     "limit is larger");
	expect_error(MACHINE "guest g memory=4M limit=2M reservation=3M\n", 2,
		     40, "reservation is larger");
	expect_error(MACHINE "guest g memory=0\n", 2, 16, "more than 0");
	expect_error("machine memory=0\n" GUEST, 1, 16, "more than 0");
}

/* paging=SIZE: the guest's paging area, none by default; each class of
 * bad value refused where it stands. */
static void test_paging(void)
{
	CHECK(parse(MACHINE "guest a memory=16M paging=2M\nguest b memory=8M\n") == 0);
	CHECK(scn.guests[0].paging == 2ull << 20 && scn.guests[1].paging == 0);
	CHECK(parse(MACHINE "guest a memory=16M paging=0 workload=block-check\n") == 0);
	CHECK(scn.guests[0].paging == 0 && scn.guests[0].workload == GUEST_WL_BLOCK_CHECK);
	expect_error(MACHINE "guest a memory=16M paging=1000\n", 2, 27,
		     "not a multiple of 4K");
	expect_error(MACHINE "guest a memory=16M paging=lots\n", 2, 27, "lots");
	expect_error(MACHINE "guest a memory=16M paging=-4K\n", 2, 27, "-4K");
	expect_error(MACHINE "guest a memory=16M paging=5G\n", 2, 27,
		     "paging is larger than a paging area may be (4 GiB)");
	expect_error(MACHINE "guest a memory=16M paging=2M paging=4M\n", 2, 30,
		     "paging");
}

static void test_admission(void)
{
	expect_error(MACHINE "guest a memory=128M reservation=100M\n"
		     "guest b memory=128M reservation=100M\n", 3, 1,
		     "reservations add up");
}

static void test_bad_characters(void)
{
	static const char text[] = "machine memory=4M\0guest";

	CHECK(scn_parse(text, sizeof(text) - 1, &scn, &err) < 0);
	CHECK(err.line == 1 && err.col == 18);
	expect_error("machine memory=4M\x7f\n", 1, 18, "printable ASCII");
}

static void test_too_many_fields(void)
{
	char text[512] = "guest g memory=4M";

	for (int i = 0; i < 30; i++)
		strcat(text, " x=1");
	expect_error(text, 1, 17 + 4 * 21 + 2, "too many fields");
}

/* The reclaim loop's keys: balloon steps and active-memory sampling. */
static void test_loop_keys(void)
{
	CHECK(parse(MACHINE GUEST) == 0);
	CHECK(scn.policy.balloon_step == 256);
	CHECK(scn.sample_pages == 64 && scn.sample_period_ms == 0);
	CHECK(parse(MACHINE "policy balloon-step=1 sample=100 sample-period=1s\n"
		    GUEST) == 0);
	CHECK(scn.policy.balloon_step == 1);
	CHECK(scn.sample_pages == 100 && scn.sample_period_ms == 1000);
	expect_error(MACHINE "policy sample=1025\n" GUEST, 2, 15,
		     "sample of 1025 pages is over the 1024 a guest may have");
	expect_error(MACHINE "policy sample=0\n" GUEST, 2, 15, "out of range 1..");
	expect_error(MACHINE "policy sample-period=0s\n" GUEST, 2, 22,
		     "more than 0");
}

/* Guests of nearly 16 EiB each: their sum does not fit the default swap
 * size, and the file says so instead of wrapping it. */
static void test_swap_sum_overflow(void)
{
#define HUGE "guest a memory=17179869180G\nguest b memory=17179869180G\n"

	expect_error(MACHINE HUGE, 3, 1, "adds up to more than 2^64 bytes");
	CHECK(parse(MACHINE "swap size=64M\n" HUGE) == 0);
	CHECK(scn.swap_size == 64ull << 20);
	/* Just under the edge still adds up. */
	CHECK(parse(MACHINE "guest a memory=8589934590G\n"
		    "guest b memory=8589934590G\n") == 0);
	CHECK(scn.swap_size == 2 * (8589934590ull << 30));
#undef HUGE
}

/* Messages that name a limit say the limit the code has. */
static void test_messages_name_constants(void)
{
	char text[64];

	expect_error(MACHINE "guest g1 memory=64M workload=gc\n", 2, 30,
		     "workloads are idle, pattern, wild, vmcall-bench, "
		     "hypercall-check, contention, balloon-hostile, triple-fault, "
		     "user-hypercall, irq-stack, swapped-buffers, fuzz, attack, "
		     "block-check, virtio-balloon, mmio-bad-ring, mmio-loop, mmio-outside and mmio-opcode");
	expect_error(MACHINE "policy model=x\n", 2, 14, "models are esx and minfree");
	expect_error(MACHINE "guest g1 memory=8M workload=attack attack=msr\n", 2, 43,
		     "attacks are ports, string-io, rdmsr, wrmsr, cr0, cr4, vmx, "
		     "pointers and snoop");
	expect_error(MACHINE "guest g1 memory=8M workload=attack\n", 2, 29,
		     "missing required key 'attack='");
	expect_error(MACHINE "  gust g1\n", 2, 3,
		     "(machine, policy, run, swap, guest or net)");
	snprintf(text, sizeof(text), "out of range 1..%u", SCN_MAX_SHARES);
	expect_error(MACHINE "guest g1 memory=64M shares=1000001\n", 2, 28, text);
	snprintf(text, sizeof(text), "longer than %u characters",
		 GUEST_NAME_LEN - 1);
	expect_error(MACHINE "guest abcdefghijklmnopq memory=1M\n", 2, 7, text);
}

/* The management plane's line: its keys, and one test per class of error. */
static void test_net(void)
{
	CHECK(parse(MACHINE GUEST) == 0);
	CHECK(!scn.net.on);
	CHECK(parse(MACHINE GUEST "net port=18080 token=s3cret-token_1 linger=30s\n") == 0);
	CHECK(scn.net.on && scn.net.port == 18080 && scn.net.linger_ms == 30000);
	CHECK(strcmp(scn.net.token, "s3cret-token_1") == 0);
	CHECK(parse(MACHINE GUEST "net port=1 token=12345678\n") == 0);
	CHECK(scn.net.linger_ms == 0);
}

static void test_net_errors(void)
{
	expect_error(MACHINE GUEST "net token=12345678\n", 3, 1, "missing");
	expect_error(MACHINE GUEST "net port=80\n", 3, 1, "token");
	expect_error(MACHINE GUEST "net port=http token=12345678\n", 3, 10,
		     "expected a port number");
	expect_error(MACHINE GUEST "net port=0 token=12345678\n", 3, 10,
		     "out of range 1..65535");
	expect_error(MACHINE GUEST "net port=65536 token=12345678\n", 3, 10,
		     "out of range 1..65535");
	expect_error(MACHINE GUEST "net port=80 token=short\n", 3, 19,
		     "token of 5 characters: a token has 8 to 64");
	expect_error(MACHINE GUEST "net port=80 token=bad.token\n", 3, 22,
		     "only letters, digits, - and _");
	expect_error(MACHINE GUEST "net port=80 token=12345678 colour=red\n", 3, 28,
		     "unknown key");
	expect_error(MACHINE GUEST "net port=80 token=12345678 linger=5\n", 3, 35,
		     "missing unit");
	expect_error(MACHINE GUEST "net port=80 token=12345678\nnet port=81 token=12345678\n",
		     4, 1, "duplicate 'net' line");
}

#define KERNEL_GUEST "guest mt memory=32M balloon=off kernel=memtest86+x64.bin"

static void test_kernel_guest(void)
{
	const struct scn_guest *g = &scn.guests[0];

	CHECK(parse(MACHINE KERNEL_GUEST
		    " cmdline=\"console=ttyS0 nosmp # not a comment\""
		    " pass-at=\"#3  [Moving|Pass complete\" fail-at=Failed!\n") == 0);
	CHECK(!strcmp(g->kernel, "memtest86+x64.bin"));
	CHECK(!strcmp(g->cmdline, "console=ttyS0 nosmp # not a comment"));
	CHECK(!strcmp(g->pass_at, "#3  [Moving|Pass complete"));
	CHECK(!strcmp(g->fail_at, "Failed!"));
	CHECK(g->workload == GUEST_WL_IDLE);
	CHECK(parse(MACHINE GUEST) == 0);
	CHECK(scn.guests[0].kernel[0] == '\0' && scn.guests[0].cmdline[0] == '\0');
	/* A '#' after the quoted text still starts a comment. */
	CHECK(parse(MACHINE KERNEL_GUEST " cmdline=\"a b\" # comment\n") == 0);
	CHECK(!strcmp(scn.guests[0].cmdline, "a b"));
}

static void test_kernel_errors(void)
{
	char line[1024];

	expect_error(MACHINE KERNEL_GUEST " cmdline=\"console=ttyS0\n", 2, 58,
		     "a quote that is not closed on its line");
	expect_error(MACHINE GUEST "guest g2 memory=8M cmdline=x\n", 3, 28,
		     "key 'cmdline' needs kernel=");
	expect_error(MACHINE GUEST "guest g2 memory=8M pass-at=x\n", 3, 28,
		     "key 'pass-at' needs kernel=");
	expect_error(MACHINE GUEST "guest g2 memory=8M fail-at=x\n", 3, 28,
		     "key 'fail-at' needs kernel=");
	expect_error(MACHINE "guest g memory=8M kernel=../vmlinuz\n", 2, 28,
		     "file name '../vmlinuz': only letters, digits and - _ . +, no path");
	expect_error(MACHINE "guest g memory=8M kernel=a/b\n", 2, 27, "no path");
	expect_error(MACHINE "guest g memory=8M workload=pattern touch=1M kernel=k\n",
		     2, 45, "key 'kernel' does not apply to this workload");
	expect_error(MACHINE KERNEL_GUEST " cmdline=a\"b\"c\n", 2, 67,
		     "a quote inside the text");
	snprintf(line, sizeof(line), MACHINE "guest g memory=8M kernel=%048d\n", 0);
	expect_error(line, 2, 26, "is longer than 47 characters");
	snprintf(line, sizeof(line), MACHINE KERNEL_GUEST " cmdline=%0512d\n", 0);
	expect_error(line, 2, 66, "text of 512 characters is longer than the 511 this key takes");
	snprintf(line, sizeof(line), MACHINE KERNEL_GUEST " pass-at=%096d\n", 0);
	expect_error(line, 2, 66, "longer than the 95 this key takes");
}

static const struct unit_test tests[] = {
	{ "the docs/design.md section 8 example parses", test_design_example },
		{ "paging areas: paging=SIZE and its bad values", test_paging },
	{ "optional lines take the docs/design.md section 8 defaults", test_defaults },
	{ "hex, decimals, units, comments, CRLF", test_values },
	{ "swap fault injection keys", test_swap_faults },
	{ "unknown keyword", test_unknown_keyword },
	{ "unknown key", test_unknown_key },
	{ "duplicate key", test_duplicate_key },
	{ "duplicate line", test_duplicate_line },
	{ "not key=value", test_not_key_value },
	{ "bad number", test_bad_number },
	{ "bad unit or value", test_bad_unit },
	{ "size not a page multiple", test_not_page_multiple },
	{ "overflow", test_overflow },
	{ "zero time", test_zero_time },
	{ "percentages", test_percent },
	{ "thresholds out of order", test_threshold_order },
	{ "keys of another model", test_model_keys },
	{ "missing machine memory", test_missing_machine },
	{ "missing guest memory or name", test_missing_guest_memory },
	{ "workload keys", test_workload_keys },
	{ "the hypervisor's test workloads", test_hypervisor_workloads },
	{ "the active share of a heap", test_active_share },
	{ "zero guests", test_zero_guests },
	{ "too many guests", test_too_many_guests },
	{ "guest names too long, bad or duplicated", test_guest_names },
	{ "touch, at, limit, reservation against memory", test_guest_sizes },
	{ "reservations over machine memory", test_admission },
	{ "control characters", test_bad_characters },
	{ "too many fields", test_too_many_fields },
	{ "balloon step and sampling keys", test_loop_keys },
	{ "guest memory past 2^64 refused for the default swap", test_swap_sum_overflow },
	{ "messages name the limits the code has", test_messages_name_constants },
	{ "the net line", test_net },
	{ "net line errors", test_net_errors },
	{ "a guest that boots a kernel", test_kernel_guest },
	{ "kernel, cmdline, pass-at and fail-at errors", test_kernel_errors },
};

int main(void)
{
	return CHECK_RUN("scenario", tests);
}
