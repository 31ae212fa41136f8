/*
 * The hypercall table (include/ballast/hypercall.h). Each handler reads
 * its arguments from the guest's registers, checks every one, and sets
 * the status in RAX. A bad argument gets an error code and is counted; it
 * never stops the hypervisor and never reaches outside the caller's memory.
 */
#include <ballast/hypercall.h>

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/exit.h"
#include "hv/mm/balloon.h"

typedef enum exit_action (*hypercall_fn)(struct guest *g,
					 struct vcpu_regs *r);

static enum exit_action hc_hello(struct guest *g, struct vcpu_regs *r)
{
	if (r->rbx != BALLAST_ABI_VERSION) {
		r->rax = (uint64_t)HC_E_VERSION;
		return EXIT_ACTION_RESUME;
	}
	r->rax = 0;
	r->rbx = BALLAST_ABI_VERSION;
	r->rcx = g->id;
	return EXIT_ACTION_RESUME;
}

/* Guest text goes out one line at a time behind the guest's name, with
 * anything unprintable replaced and an unfinished line ended, so a guest
 * can neither forge a line of the hypervisor's (launchers read those for
 * the verdict) nor send terminal escapes. */
static void print_guest_line(const struct guest *g, const char *s, size_t n)
{
	printk("[%s] ", g->name);
	console_write(s, n);
	console_write("\n", 1);
}

static void print_guest_text(const struct guest *g, const char *s, size_t n)
{
	char line[HC_CONSOLE_MAX];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			print_guest_line(g, line, len);
			len = 0;
			continue;
		}
		line[len++] = s[i] >= ' ' && s[i] <= '~' ? s[i] : '?';
	}
	if (len)
		print_guest_line(g, line, len);
}

static enum exit_action hc_console_write(struct guest *g, struct vcpu_regs *r)
{
	char buf[HC_CONSOLE_MAX];
	uint64_t len = r->rcx;

	if (len > HC_CONSOLE_MAX) {
		r->rax = (uint64_t)HC_E_INVAL;
		return EXIT_ACTION_RESUME;
	}
	if (p2m_read(&g->p2m, r->rbx, buf, len) != ST_OK) {
		r->rax = (uint64_t)HC_E_FAULT;
		return EXIT_ACTION_RESUME;
	}
	print_guest_text(g, buf, len);
	r->rax = 0;
	return EXIT_ACTION_RESUME;
}

static enum exit_action hc_yield(struct guest *g, struct vcpu_regs *r)
{
	(void)g;
	r->rax = 0;
	return EXIT_ACTION_YIELD;
}

static enum exit_action hc_exit(struct guest *g, struct vcpu_regs *r)
{
	printk("ballast: guest %u %s exited with code %ld\n", g->id, g->name,
	       (long)r->rbx);
	guest_exit(g, (int64_t)r->rbx);
	return EXIT_ACTION_ENDED;
}

static enum exit_action hc_balloon_target(struct guest *g,
					  struct vcpu_regs *r)
{
	g->balloon_driver = true;
	r->rax = 0;
	r->rbx = g->balloon_target;
	return EXIT_ACTION_RESUME;
}

/* Reads a balloon list from the guest: count, alignment and the list's
 * own place in guest memory are checked before a byte is read. */
static int read_balloon_list(struct guest *g, struct vcpu_regs *r,
			     uint64_t *list)
{
	if (!g->balloon_driver)
		return HC_E_NO_DRIVER;
	if (r->rcx == 0 || r->rcx > HC_BALLOON_BATCH_MAX)
		return HC_E_COUNT;
	if (r->rbx & PAGE_MASK)
		return HC_E_ALIGN;
	if (p2m_read(&g->p2m, r->rbx, list, r->rcx * sizeof(*list)) != ST_OK)
		return HC_E_FAULT;
	return 0;
}

static enum exit_action hc_balloon(struct guest *g, struct vcpu_regs *r,
				   enum balloon_op op)
{
	static uint64_t list[HC_BALLOON_BATCH_MAX], scratch[HC_BALLOON_BATCH_MAX];
	uint64_t start = clock_cycles();
	unsigned n = (unsigned)r->rcx;
	int err = read_balloon_list(g, r, list);
	int freed;

	if (!err)
		err = balloon_check(&g->p2m, op, list, n, scratch);
	if (err) {
		r->rax = (uint64_t)(int64_t)err;
		return EXIT_ACTION_RESUME;
	}
	freed = balloon_apply(&g->p2m, op, list, n);
	if (freed < 0)
		panic("guest %s: p2m broke applying a checked balloon list (%d)",
		      g->name, freed);
	if (freed)
		vcpu_flush_mappings(&g->vcpu);
	if (op == BALLOON_INFLATE)
		g->pages_inflated += n;
	else
		g->pages_deflated += n;
	g->balloon_calls++;
	g->balloon_cycles += clock_cycles() - start;
	r->rax = n;
	return EXIT_ACTION_RESUME;
}

static enum exit_action hc_balloon_inflate(struct guest *g,
					   struct vcpu_regs *r)
{
	return hc_balloon(g, r, BALLOON_INFLATE);
}

static enum exit_action hc_balloon_deflate(struct guest *g,
					   struct vcpu_regs *r)
{
	return hc_balloon(g, r, BALLOON_DEFLATE);
}

static void store_stat(struct guest_stats *s, const struct balloon_stat *st)
{
	switch (st->tag) {
	case BALLOON_S_SWAP_IN: s->swap_in = st->val; break;
	case BALLOON_S_SWAP_OUT: s->swap_out = st->val; break;
	case BALLOON_S_MAJFLT: s->major_faults = st->val; break;
	case BALLOON_S_MINFLT: s->minor_faults = st->val; break;
	case BALLOON_S_MEMFREE: s->free = st->val; break;
	case BALLOON_S_MEMTOT: s->total = st->val; break;
	case BALLOON_S_AVAIL: s->avail = st->val; break;
	case BALLOON_S_WORKING_SET: s->working_set = st->val; break;
	case BALLOON_S_LOWMEM_EVENTS: s->lowmem_events = st->val; break;
	default: break;
	}
}

static enum exit_action hc_report_stats(struct guest *g, struct vcpu_regs *r)
{
	struct balloon_stat st[HC_STATS_MAX];

	if (r->rcx == 0 || r->rcx > HC_STATS_MAX) {
		r->rax = (uint64_t)HC_E_COUNT;
		return EXIT_ACTION_RESUME;
	}
	if (p2m_read(&g->p2m, r->rbx, st, r->rcx * sizeof(st[0])) != ST_OK) {
		r->rax = (uint64_t)HC_E_FAULT;
		return EXIT_ACTION_RESUME;
	}
	for (unsigned i = 0; i < r->rcx; i++)
		store_stat(&g->stats, &st[i]);
	r->rax = 0;
	return EXIT_ACTION_RESUME;
}

static const hypercall_fn hypercalls[] = {
	[HC_HELLO] = hc_hello,
	[HC_CONSOLE_WRITE] = hc_console_write,
	[HC_YIELD] = hc_yield,
	[HC_EXIT] = hc_exit,
	[HC_BALLOON_TARGET] = hc_balloon_target,
	[HC_BALLOON_INFLATE] = hc_balloon_inflate,
	[HC_BALLOON_DEFLATE] = hc_balloon_deflate,
	[HC_REPORT_STATS] = hc_report_stats,
};

_Static_assert(sizeof(hypercalls) / sizeof(hypercalls[0]) == HC_COUNT,
	       "one handler per hypercall number");

/* Calls the dispatcher refuses before any handler runs: one from the
 * guest's user mode, whatever its number, or a number with no handler. */
static int64_t refusal(struct guest *g, uint64_t nr)
{
	if (vcpu_cpl(&g->vcpu) != 0)
		return HC_E_PRIVILEGE;
	return nr >= HC_COUNT ? HC_E_UNKNOWN : 0;
}

enum exit_action handle_hypercall(struct guest *g)
{
	struct vcpu_regs *r = &g->vcpu.regs;
	int64_t refused = refusal(g, r->rax);
	enum exit_action a;

	vcpu_skip_instruction(&g->vcpu);
	if (refused) {
		r->rax = (uint64_t)refused;
		g->hypercall_errors++;
		return EXIT_ACTION_RESUME;
	}
	a = hypercalls[r->rax](g, r);
	if (a != EXIT_ACTION_ENDED && (int64_t)r->rax < 0)
		g->hypercall_errors++;
	return a;
}
