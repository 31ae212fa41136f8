/*
 * Controls in the hypervisor (hv/mm/control.h): queued when the plane
 * receives one, applied at the start of the next tick in arrival order,
 * each said on the console with the tick it took effect at. A squeeze
 * takes free machine pages into the hypervisor's hands (the trace's
 * free_pages falls, hv_pages rises), kept in a list threaded through the
 * pages themselves as the free list is; a release frees them again.
 */
#include "hv/core/memctl_control.h"

#include "hv/core/console.h"

static mfn_t held_head = MFN_INVALID;   /* squeezed pages, LIFO */

static uint64_t squeeze(struct pmem *pm, uint64_t n)
{
	uint64_t got = 0;

	for (; got < n; got++) {
		mfn_t mfn = pmem_alloc(pm, PMEM_HYPERVISOR);

		if (mfn == MFN_INVALID)
			break;
		*(mfn_t *)mfn_ptr(mfn) = held_head;
		held_head = mfn;
	}
	return got;
}

static uint64_t release(struct pmem *pm, uint64_t n)
{
	uint64_t freed = 0;

	for (; freed < n && held_head != MFN_INVALID; freed++) {
		mfn_t mfn = held_head;

		held_head = *(mfn_t *)mfn_ptr(mfn);
		if (pmem_free(pm, mfn, PMEM_HYPERVISOR) != ST_OK)
			panic("control: a squeezed page %lu is not the hypervisor's", mfn);
	}
	return freed;
}

static void say(const struct reclaim *r, const struct control *c,
		uint64_t now_ms, const char *refused)
{
	printk("ballast: control: %s", control_name(c->kind));
	if (c->kind != CONTROL_SQUEEZE && c->kind != CONTROL_RELEASE)
		printk(" %s", r->scn->guests[c->guest].name);
	if (c->kind != CONTROL_PAUSE && c->kind != CONTROL_RESUME)
		printk(" %lu", c->value);
	if (refused)
		printk(" refused at t=%lums: %s\n", now_ms, refused);
	else
		printk(" applied at t=%lums\n", now_ms);
}

void memctl_controls_run(struct control_state *s, struct reclaim *r,
			 struct pmem *pm, uint64_t now_ms)
{
	struct control c;
	const char *why;
	uint64_t moved;

	while (control_pop(s, &c)) {
		/* Checked again: the run moved since the control was queued. */
		if (control_check(s, r, &c, pmem_count(pm, PMEM_FREE), &why) !=
		    CONTROL_OK) {
			say(r, &c, now_ms, why);
			continue;
		}
		moved = c.kind == CONTROL_SQUEEZE ? squeeze(pm, c.value)
			: c.kind == CONTROL_RELEASE ? release(pm, c.value) : 0;
		control_apply(s, r, &c, moved);
		say(r, &c, now_ms, NULL);
	}
}
