/*
 * The scenario's key schema and defaults (see scenario_parse.h): every
 * keyword, its keys with the kind of value each takes and where it goes,
 * the names a value may pick, and what a file that leaves a key out gets.
 * A new key is a line in a table here and a field in scenario.h.
 */
#include "hv/mm/scenario_parse.h"

#include "hv/lib/string.h"

#define SCN(f) offsetof(struct scenario, f)
#define GST(f) offsetof(struct scn_guest, f)
#define KEYS(t) t, sizeof(t) / sizeof(t[0])

static const struct key_def machine_keys[] = {
	{ "memory", K_PAGES, SCN(machine_memory), ANY, true },
};

static const struct key_def policy_keys[] = {
	{ "model", K_MODEL, SCN(policy.model), ANY, false },
	{ "soft", K_PERCENT, SCN(policy.soft_bp), POLICY_MODEL_ESX, false },
	{ "hard", K_PERCENT, SCN(policy.hard_bp), POLICY_MODEL_ESX, false },
	{ "low", K_PERCENT, SCN(policy.low_bp), POLICY_MODEL_ESX, false },
	{ "margin", K_PERCENT, SCN(policy.margin_bp), ANY, false },
	{ "tax", K_PERCENT, SCN(policy.tax_bp), ANY, false },
	{ "max-balloon", K_PERCENT, SCN(policy.max_balloon_bp), ANY, false },
	{ "balloon-step", K_COUNT, SCN(policy.balloon_step), ANY, false },
	{ "tick", K_TIME, SCN(tick_ms), ANY, false },
	{ "sample", K_COUNT, SCN(sample_pages), ANY, false },
	{ "sample-period", K_TIME, SCN(sample_period_ms), ANY, false },
};

static const struct key_def run_keys[] = {
	{ "seed", K_SEED, SCN(seed), ANY, false },
	{ "until", K_UNTIL, SCN(until_ms), ANY, false },
	{ "limit", K_TIME, SCN(limit_ms), ANY, false },
};

static const struct key_def swap_keys[] = {
	{ "size", K_PAGES, SCN(swap_size), ANY, false },
	{ "bandwidth", K_BANDWIDTH, SCN(swap_bandwidth), ANY, false },
	{ "fail-read", K_SEED, SCN(swap_fail_read), ANY, false },
	{ "fail-write", K_SEED, SCN(swap_fail_write), ANY, false },
	{ "corrupt-read", K_SEED, SCN(swap_corrupt_read), ANY, false },
};

static const struct key_def net_keys[] = {
	{ "port", K_PORT, SCN(net.port), ANY, true },
	{ "token", K_TOKEN, SCN(net.token), ANY, true },
	{ "linger", K_TIME, SCN(net.linger_ms), ANY, false },
};

static const struct key_def guest_keys[] = {
	{ "memory", K_PAGES, GST(memory), ANY, true },
	{ "shares", K_COUNT, GST(shares), ANY, false },
	{ "reservation", K_PAGES, GST(reservation), ANY, false },
	{ "limit", K_PAGES, GST(limit), ANY, false },
	{ "balloon", K_ONOFF, GST(balloon), ANY, false },
	{ "workload", K_WORKLOAD, GST(workload), ANY, false },
	{ "touch", K_SIZE, GST(touch), GUEST_WL_PATTERN, true },
	{ "at", K_SIZE, GST(wild_at), GUEST_WL_WILD, true },
	{ "heap", K_PAGES, GST(heap), GUEST_WL_CONTENTION, true },
	{ "work", K_COUNT, GST(work), GUEST_WL_CONTENTION, true },
	{ "active", K_PERCENT, GST(active_bp), GUEST_WL_CONTENTION, false },
	{ "calls", K_COUNT, GST(calls), GUEST_WL_VMCALL_BENCH, true },
	{ "hypercalls", K_COUNT, GST(calls), GUEST_WL_FUZZ, true },
	{ "attack", K_ATTACK, GST(attack), GUEST_WL_ATTACK, true },
	{ "kernel", K_FILE, GST(kernel), GUEST_WL_IDLE, false },
	{ "initrd", K_FILE, GST(initrd), GUEST_WL_IDLE, false },
	{ "cmdline", K_CMDLINE, GST(cmdline), GUEST_WL_IDLE, false },
	{ "pass-at", K_WATCH, GST(pass_at), GUEST_WL_IDLE, false },
	{ "fail-at", K_WATCH, GST(fail_at), GUEST_WL_IDLE, false },
	{ "paging", K_PAGES, GST(paging), ANY, false },
};

_Static_assert(sizeof(policy_keys) / sizeof(policy_keys[0]) <= MAX_KEYS &&
	       sizeof(guest_keys) / sizeof(guest_keys[0]) <= MAX_KEYS,
	       "a line's keys fit in struct seen");

const struct keyword_def scn_keywords[KW_COUNT] = {
	[KW_MACHINE] = { "machine", KEYS(machine_keys), NULL },
	[KW_POLICY] = { "policy", KEYS(policy_keys), "model" },
	[KW_RUN] = { "run", KEYS(run_keys), NULL },
	[KW_SWAP] = { "swap", KEYS(swap_keys), NULL },
	[KW_GUEST] = { "guest", KEYS(guest_keys), "workload" },
	[KW_NET] = { "net", KEYS(net_keys), NULL },
};

static const char *const model_names[] = {
	[POLICY_MODEL_ESX] = "esx",
	[POLICY_MODEL_MINFREE] = "minfree",
};

/* In the order a user meets them, so messages list them that way. */
static const char *const workload_names[] = {
	[GUEST_WL_IDLE] = "idle",
	[GUEST_WL_PATTERN] = "pattern",
	[GUEST_WL_WILD] = "wild",
	[GUEST_WL_VMCALL_BENCH] = "vmcall-bench",
	[GUEST_WL_HYPERCALL_CHECK] = "hypercall-check",
	[GUEST_WL_CONTENTION] = "contention",
	[GUEST_WL_BALLOON_HOSTILE] = "balloon-hostile",
	[GUEST_WL_TRIPLE_FAULT] = "triple-fault",
	[GUEST_WL_USER_HYPERCALL] = "user-hypercall",
	[GUEST_WL_IRQ_STACK] = "irq-stack",
	[GUEST_WL_SWAPPED_BUFFERS] = "swapped-buffers",
	[GUEST_WL_FUZZ] = "fuzz",
	[GUEST_WL_ATTACK] = "attack",
	[GUEST_WL_BLOCK_CHECK] = "block-check",
	[GUEST_WL_VIRTIO_BALLOON] = "virtio-balloon",
	[GUEST_WL_MMIO_BAD_RING] = "mmio-bad-ring",
	[GUEST_WL_MMIO_LOOP] = "mmio-loop",
	[GUEST_WL_MMIO_OUTSIDE] = "mmio-outside",
	[GUEST_WL_MMIO_OPCODE] = "mmio-opcode",
};

static const char *const attack_names[] = {
	[GUEST_ATTACK_PORTS] = "ports",
	[GUEST_ATTACK_STRING_IO] = "string-io",
	[GUEST_ATTACK_RDMSR] = "rdmsr",
	[GUEST_ATTACK_WRMSR] = "wrmsr",
	[GUEST_ATTACK_CR0] = "cr0",
	[GUEST_ATTACK_CR4] = "cr4",
	[GUEST_ATTACK_VMX] = "vmx",
	[GUEST_ATTACK_POINTERS] = "pointers",
	[GUEST_ATTACK_SNOOP] = "snoop",
};

_Static_assert(sizeof(attack_names) / sizeof(attack_names[0]) == GUEST_ATTACK_COUNT,
	       "a name for every attack");

static const char *const onoff_names[] = { "off", "on" };

const struct choice scn_models = { KEYS(model_names) };
const struct choice scn_workloads = { KEYS(workload_names) };
const struct choice scn_onoff = { KEYS(onoff_names) };
const struct choice scn_attacks = { KEYS(attack_names) };

void scn_defaults(struct scenario *s)
{
	*s = (struct scenario){
		.policy = {
			.model = POLICY_MODEL_ESX,
			.soft_bp = 600, .hard_bp = 400, .low_bp = 200,
			.margin_bp = 100, .tax_bp = 7500, .max_balloon_bp = 6500,
			.balloon_step = 256,
		},
		.tick_ms = 100, .sample_pages = 64, .sample_period_ms = 0,
		.seed = 1, .until_ms = 0, .limit_ms = 600000,
		.swap_bandwidth = 64ull << 20,
	};
}

void scn_guest_defaults(struct scn_guest *g, const struct token *name)
{
	*g = (struct scn_guest){ .balloon = true, .workload = GUEST_WL_IDLE,
				 .active_bp = BP_ONE };
	memcpy(g->name, name->s, name->len);
}

/* ESX's "normal" shares: 10 per MiB, so equal-sized guests weigh equal. */
uint32_t scn_default_shares(uint64_t memory)
{
	uint64_t s = (memory >> 20) * 10;

	if (s < 1)
		return 1;
	return s > SCN_MAX_SHARES ? SCN_MAX_SHARES : (uint32_t)s;
}

int scn_find_key(const struct keyword_def *kw, const struct token *k)
{
	for (unsigned i = 0; i < kw->nkeys; i++)
		if (tok_is(k, kw->keys[i].name))
			return (int)i;
	return -1;
}
