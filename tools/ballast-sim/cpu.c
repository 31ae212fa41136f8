/*
 * The one CPU, as the hypervisor's scheduler shares it (hv/core/sched.c):
 * runnable guests take turns, round robin, each for a slice of at most
 * 20 ms; a guest that waits for the disk or for memory gives the CPU up
 * at once, and the CPU idles only when no guest can run. A guest's time
 * falls into four parts: on the CPU (cpu), in the disk queue (I/O wait),
 * waiting for a machine page (blocked), and runnable while another guest
 * held the CPU (steal). Its run time less steal is what it would have
 * taken with a CPU of its own.
 */
#include "tools/ballast-sim/sim.h"

#define SLICE_US (20 * US_PER_MS)       /* hv/core/sched.h SCHED_SLICE_MS */

/* The case study's machine: 2000 heap page updates a second. */
const struct sim_model sim_model_case_study = {
	.name = "case-study", .update_us = 500, .alloc_us = 60, .soft_us = 20,
	.balloon_shift = 8, .lowmem_at = 13, .rearm_at = 16, .trim_at = 11,
	.notice_trim_shift = 9, .write_every = 2, .cold_one_in = 32,
	.garbage_every = 8,
};

/*
 * The guest stub (guest-stub/contention.c, pager.c, balloon.c) in Bochs at
 * the emulator's ips (bochsrc). Costs read off the scaled case study's
 * traces: an update is a few hundred instructions; the first touch of a
 * page is an EPT violation, a machine page zeroed and mapped; a page of
 * the stub's own paging costs a block hypercall besides its disk time; a
 * balloon page, its share of a list's hypercall. The stub's rules: all of
 * an update's page is written, one update in 256 goes over the whole
 * heap, no dead objects but a collection frees the idle top of the heap,
 * the pager evicts once a step and waits for its writes, the low-memory
 * notice counts free frames, the balloon moves in lists of a sixteenth of
 * memory. Calibrated against the emulator on that pair (make sim-agree),
 * where the stub's own numbers differ: it keeps 1/16 free and notifies
 * under 1/32 of memory, frees a quarter of its heap; the model keeps 1/8
 * available (free or standby), notifies under 3/64 and frees an eighth.
 */
const struct sim_model sim_model_stub = {
	.name = "stub", .update_us = 10, .alloc_us = 10, .soft_us = 10,
	.map_us = 1740, .io_us = 150, .balloon_us = 58,
	.balloon_step_shift = 4, .balloon_lists = true,
	.lowmem_at = 3, .rearm_at = 3, .trim_at = 8,
	.notice_on_free = true, .trim_per_step = true, .trim_waits = true,
	.write_every = 1, .cold_one_in = 256, .heap_dies_shift = 3,
};

static bool ready(const struct sim_guest *g, uint64_t now)
{
	return !g->exited && g->now <= now;
}

static struct sim_guest *pick(struct host *h, struct sim_guest *gs, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		struct sim_guest *g = &gs[(h->cpu_next + k) % n];

		if (ready(g, h->cpu_now))
			return g;
	}
	return NULL;
}

/* The earliest a guest that waits becomes ready, or UINT64_MAX. */
static uint64_t next_ready(const struct sim_guest *gs, unsigned n)
{
	uint64_t t = UINT64_MAX;

	for (unsigned i = 0; i < n; i++)
		if (!gs[i].exited && gs[i].now < t)
			t = gs[i].now;
	return t;
}

static void run_slice(struct host *h, struct sim_guest *g, uint64_t until)
{
	uint64_t end = h->cpu_now + SLICE_US;

	if (end > until)
		end = until;
	g->c.steal_us += h->cpu_now - g->now;
	g->now = h->cpu_now;
	h->running = g;
	while (!g->exited && g->now < end) {
		uint64_t cpu = g->c.cpu_us;

		guest_step(h, g, until);
		h->cpu_now += g->c.cpu_us - cpu;
		if (g->now > h->cpu_now)
			break;          /* it waits: the disk, or memory */
	}
	h->running = NULL;
	h->cpu_next = (g->index + 1) % SCN_MAX_GUESTS;
}

void cpu_run(struct host *h, struct sim_guest *gs, unsigned n, uint64_t until)
{
	for (unsigned i = 0; i < n; i++)
		guest_start_tick(&gs[i]);
	while (h->cpu_now < until) {
		struct sim_guest *g = pick(h, gs, n);

		if (g) {
			run_slice(h, g, until);
			continue;
		}
		uint64_t t = next_ready(gs, n);
		h->cpu_now = t < until ? t : until;
	}
}
