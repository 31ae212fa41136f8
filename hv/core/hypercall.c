/*
 * The hypercall table (include/ballast/hypercall.h). Each handler reads
 * its arguments from the guest's registers, checks every one, and sets
 * the status in RAX. A bad argument gets an error code and is counted; it
 * never stops the hypervisor and never reaches outside the caller's memory.
 */
#include <ballast/hypercall.h>

#include "hv/core/console.h"
#include "hv/core/exit.h"

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

static const hypercall_fn hypercalls[] = {
	[HC_HELLO] = hc_hello,
	[HC_CONSOLE_WRITE] = hc_console_write,
	[HC_YIELD] = hc_yield,
	[HC_EXIT] = hc_exit,
};

_Static_assert(sizeof(hypercalls) / sizeof(hypercalls[0]) == HC_COUNT,
	       "one handler per hypercall number");

enum exit_action handle_hypercall(struct guest *g)
{
	struct vcpu_regs *r = &g->vcpu.regs;
	enum exit_action a;

	vcpu_skip_instruction(&g->vcpu);
	if (r->rax >= HC_COUNT) {
		r->rax = (uint64_t)HC_E_UNKNOWN;
		g->hypercall_errors++;
		return EXIT_ACTION_RESUME;
	}
	a = hypercalls[r->rax](g, r);
	if (a != EXIT_ACTION_ENDED && (int64_t)r->rax < 0)
		g->hypercall_errors++;
	return a;
}
