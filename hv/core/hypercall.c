/*
 * The hypercall table (include/ballast/hypercall.h). Each handler reads
 * its arguments from the guest's registers, checks every one, and sets
 * the status in RAX. A bad argument gets an error code and is counted; it
 * never stops the hypervisor and never reaches outside the caller's memory.
 * Buffers are read through read_guest, which brings back pages the
 * hypervisor swapped out, as a guest access would.
 */
#include "hv/core/hypercall.h"

#include <ballast/hypercall.h>

#include "hv/core/block.h"
#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/exit.h"
#include "hv/core/swapper.h"
#include "hv/mm/balloon.h"
#include "hv/mm/fault.h"

typedef enum exit_action (*hypercall_fn)(struct guest *g,
					 struct vcpu_regs *r);

/* Brings back a page of a buffer the hypervisor swapped out, as the
 * guest's own access would (handle_swapped). */
static int bring_back(struct guest *g, gfn_t gfn)
{
	enum exit_action a = handle_swapped(g, gfn);

	if (a == EXIT_ACTION_ENDED)
		return READ_ENDED;
	if (a != EXIT_ACTION_RESUME || p2m_state_of(&g->p2m, gfn) == P2M_SWAPPED)
		return READ_WAIT; /* no page free, or the read failed: again */
	g->hypercall_swap_ins++;
	return 0;
}

/*
 * Brings a hypercall's buffer in. The guest wrote it, so a page of it the
 * hypervisor swapped out is read back first, as for the guest's own
 * access; when that cannot be done now, the call waits and is made again,
 * the guest never sees it. HC_E_FAULT outside its memory; pages it never
 * wrote or ballooned are the caller's to refuse (p2m_read does).
 */
int guest_buffer(struct guest *g, gpa_t gpa, size_t len)
{
	gpa_t size = g->p2m.nr_gfns << PAGE_SHIFT;

	if (gpa >= size || len > size - gpa)
		return HC_E_FAULT;
	for (gfn_t gfn = gpa >> PAGE_SHIFT; len && gfn <= (gpa + len - 1) >> PAGE_SHIFT;
	     gfn++) {
		int st = fault_classify(&g->p2m, gfn << PAGE_SHIFT) == FAULT_SWAPPED
				 ? bring_back(g, gfn) : 0;

		if (st)
			return st;
	}
	return 0;
}

/* Copies a hypercall's buffer out of the guest (guest_buffer). */
static int read_guest(struct guest *g, gpa_t gpa, void *dst, size_t len)
{
	int st = guest_buffer(g, gpa, len);

	if (st)
		return st;
	return p2m_read(&g->p2m, gpa, dst, len) == ST_OK ? 0 : HC_E_FAULT;
}

/* A handler's answer to a failed read_guest: the error in RAX, or the
 * call made again later with its registers as they are. */
enum exit_action read_failed(struct guest *g, struct vcpu_regs *r, int err)
{
	if (err == READ_ENDED)
		return EXIT_ACTION_ENDED;
	if (err == READ_WAIT) {
		g->hypercall_retry = true;
		g->hypercall_waits++;
		return EXIT_ACTION_YIELD;
	}
	r->rax = (uint64_t)(int64_t)err;
	return EXIT_ACTION_RESUME;
}

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
	int err;

	if (len > HC_CONSOLE_MAX) {
		r->rax = (uint64_t)HC_E_INVAL;
		return EXIT_ACTION_RESUME;
	}
	err = read_guest(g, r->rbx, buf, len);
	if (err)
		return read_failed(g, r, err);
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
	char code[24];

	printk("ballast: guest %u %s exited: %s\n", g->id, g->name,
	       guest_exit_text((int64_t)r->rbx, code, sizeof(code)));
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
	if (r->rcx == 0 || r->rcx > HC_BALLOON_LIST_MAX)
		return HC_E_COUNT;
	if (r->rbx & PAGE_MASK)
		return HC_E_ALIGN;
	return read_guest(g, r->rbx, list, r->rcx * sizeof(*list));
}

/* Makes the tables the list needs, or refuses it whole: the machine has no
 * page for them now (retryable), or the guest is at its table limit. */
static int prepare_balloon_list(struct guest *g, const struct balloon_list *l)
{
	int st = balloon_prepare(&g->p2m, l);

	if (st == ST_OK)
		return 0;
	if (st != ST_NOMEM && st != ST_FULL)
		panic("guest %s: p2m broke preparing a balloon list (%d)",
		      g->name, st);
	vcpu_flush_mappings(&g->vcpu); /* tables may have been trimmed */
	return st == ST_FULL ? HC_E_LIMIT : HC_E_AGAIN;
}

/* The guest gave up a page the hypervisor had swapped: its slot is free. */
static void discard_swapped(void *ctx, gfn_t gfn, slot_t slot)
{
	swapper_discard(&((struct guest *)ctx)->swap, gfn, slot);
}

static void count_balloon_call(struct guest *g, const struct balloon_list *l,
			       uint64_t start)
{
	if (l->op == BALLOON_INFLATE)
		g->pages_inflated += l->n;
	else
		g->pages_deflated += l->n;
	g->balloon_calls++;
	g->balloon_cycles += clock_cycles() - start;
}

static enum exit_action hc_balloon(struct guest *g, struct vcpu_regs *r,
				   enum balloon_op op)
{
	static uint64_t list[HC_BALLOON_LIST_MAX], sorted[HC_BALLOON_LIST_MAX];
	struct balloon_list l = { op, list, sorted, (unsigned)r->rcx };
	uint64_t start = clock_cycles();
	int err = read_balloon_list(g, r, list);
	int freed;

	if (err)
		return read_failed(g, r, err);
	err = balloon_check(&g->p2m, &l);
	if (!err)
		err = prepare_balloon_list(g, &l);
	if (err == HC_E_AGAIN || err == HC_E_LIMIT)
		r->rbx = g->balloon_target;
	if (err) {
		r->rax = (uint64_t)(int64_t)err;
		return EXIT_ACTION_RESUME;
	}
	freed = balloon_apply(&g->p2m, &l, discard_swapped, g);
	if (freed < 0)
		panic("guest %s: p2m broke applying a checked balloon list (%d)",
		      g->name, freed);
	if (freed)
		vcpu_flush_mappings(&g->vcpu);
	count_balloon_call(g, &l, start);
	r->rax = l.n;
	r->rbx = g->balloon_target;
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
	case BALLOON_S_COLLECTIONS: s->collections = st->val; break;
	default: break;
	}
}

static enum exit_action hc_report_stats(struct guest *g, struct vcpu_regs *r)
{
	struct balloon_stat st[HC_STATS_MAX];
	int err;

	if (r->rcx == 0 || r->rcx > HC_STATS_MAX) {
		r->rax = (uint64_t)HC_E_COUNT;
		return EXIT_ACTION_RESUME;
	}
	err = read_guest(g, r->rbx, st, r->rcx * sizeof(st[0]));
	if (err)
		return read_failed(g, r, err);
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
	[HC_BLOCK_INFO] = hc_block_info,
	[HC_BLOCK_IO] = hc_block_io,
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

	if (refused) {
		vcpu_skip_instruction(&g->vcpu);
		r->rax = (uint64_t)refused;
		g->hypercall_errors++;
		return EXIT_ACTION_RESUME;
	}
	g->hypercall_retry = false;
	a = hypercalls[r->rax](g, r);
	/* An ended guest has no VMCS left; a call made again stays on its
	 * VMCALL with its registers untouched. */
	if (a == EXIT_ACTION_ENDED || g->hypercall_retry)
		return a;
	vcpu_skip_instruction(&g->vcpu);
	if ((int64_t)r->rax < 0)
		g->hypercall_errors++;
	return a;
}
