/*
 * The hypervisor's side of the agreement test (reclaim_world.h): guests as
 * hv/core/guest.c keeps them, over a pmem arena and a swap area on a RAM
 * disk, driven through the memory controller's own ops (memctl_ops.c) and
 * its swapper (swapper.c). A touch does what the EPT-violation handler does.
 */
#include "tests/unit/reclaim_world.h"

#include <stdlib.h>
#include <string.h>

#include "hv/arch/x86/vmx/ept.h"
#include "hv/core/memctl_ops.h"
#include "hv/core/swapper.h"
#include "tests/unit/check.h"
#include "tests/unit/hv_stubs.h"
#include "tests/unit/ram_disk.h"

static unsigned char *arena;
static struct ram_disk disk;
static struct pmem pm;
static struct swap_area sa;
static struct guest guests[SCN_MAX_GUESTS];
static struct memctl_machine mc;
static struct reclaim loop;

static void setup_swap(const struct scenario *scn)
{
	CHECK(ram_disk_format(&sa, &disk, (uint32_t)(scn->swap_size /
						    SWAP_PAGE_SIZE)) == ST_OK);
	swapper_init(&sa, &pm, scn->seed);
}

/* A guest as guest_create leaves it, with a one-page image. */
static void setup_guest(unsigned i, const struct scn_guest *sg)
{
	struct guest *g = &guests[i];

	memset(g, 0, sizeof(*g));
	g->id = i + 1;
	memcpy(g->name, sg->name, sizeof(g->name));
	g->memory_bytes = sg->memory;
	g->balloon_driver = sg->balloon;
	g->first_swappable = 1;         /* its "image": never swapped */
	CHECK(p2m_init(&g->p2m, &pm, &ept_format.ops, sg->memory) == ST_OK);
	g->vmcs = pmem_alloc(&pm, PMEM_HYPERVISOR);
	CHECK(g->vmcs != MFN_INVALID);
	swapper_track(&g->swap, &g->p2m, g->id, g->name, g->first_swappable);
}

static void hv_setup(const struct scenario *scn)
{
	size_t pages = scn->machine_memory / PAGE_SIZE;

	memset(&stub_log, 0, sizeof(stub_log));
	arena = aligned_alloc(PAGE_SIZE, pages * PAGE_SIZE);
	pmem_init(&pm);
	CHECK(pmem_add_range(&pm, ptr_maddr(arena),
			     ptr_maddr(arena) + pages * PAGE_SIZE) == ST_OK);
	CHECK(pmem_commit(&pm) == ST_OK);
	setup_swap(scn);
	for (unsigned i = 0; i < scn->nguests; i++)
		setup_guest(i, &scn->guests[i]);
	mc = (struct memctl_machine){
		.guests = guests, .n = scn->nguests, .pmem = &pm,
		.swap_budget = scn->swap_bandwidth * scn->tick_ms / 1000 /
			       PAGE_SIZE,
	};
	reclaim_init(&loop, scn, pmem_total(&pm), true, &memctl_ops, &mc);
}

static void hv_pages(struct world_pages *p)
{
	p->total = pmem_total(&pm);
	p->free = pmem_count(&pm, PMEM_FREE);
	p->hv = pmem_count(&pm, PMEM_HYPERVISOR);
	for (unsigned i = 0; i < mc.n; i++)
		p->guest_fixed[i] = guest_hv_pages(&guests[i]) -
				    victims_pages(&guests[i].swap.victims);
}

/* The CPU's part of an access: the leaf's accessed flag. */
static void set_accessed(struct stage2 *e, gfn_t gfn)
{
	uint64_t *t = mfn_ptr(e->root);

	for (int shift = 27; shift > 0; shift -= S2_LEVEL_BITS)
		t = maddr_ptr(t[(gfn >> shift) & (S2_ENTRIES - 1)] &
			      VMX_EPT_ADDR_MASK);
	t[gfn & (S2_ENTRIES - 1)] |= VMX_EPT_ACCESS_BIT;
}

/* As hv/core/exit.c handles the EPT violation: wait in low state, then
 * read a swapped page back, or map a fresh one with room for its victim
 * entry. */
static bool hv_touch(unsigned i, gfn_t gfn)
{
	struct guest *g = &guests[i];
	enum p2m_state st = p2m_state_of(&g->p2m, gfn);

	if (st != P2M_MAPPED && reclaim_must_block(&loop, i)) {
		guest_block(g);
		return false;
	}
	if (st == P2M_SWAPPED && swapper_swap_in(&g->swap, gfn) != ST_OK) {
		guest_block(g); /* the RAM disk does not fail: no page free */
		return false;
	}
	if (st == P2M_UNTOUCHED && (swapper_reserve(&g->swap) != ST_OK ||
				    p2m_fault(&g->p2m, gfn << PAGE_SHIFT) != ST_OK)) {
		guest_block(g);
		return false;
	}
	if (st == P2M_UNTOUCHED)
		swapper_mapped(&g->swap, gfn);
	set_accessed(&g->p2m.s2, gfn);
	return true;
}

/* As a one-page balloon list: prepared, then ballooned; a swapped page's
 * slot goes back to the area. */
static void hv_inflate(unsigned i, gfn_t gfn)
{
	slot_t slot;
	int was;

	CHECK(p2m_prepare(&guests[i].p2m, gfn) == ST_OK);
	was = p2m_balloon(&guests[i].p2m, gfn, &slot);
	CHECK(was >= 0);
	if (was == P2M_SWAPPED)
		swapper_discard(&guests[i].swap, gfn, slot);
}

static void hv_deflate(unsigned i, gfn_t gfn)
{
	CHECK(p2m_unballoon(&guests[i].p2m, gfn) == ST_OK);
}

static enum p2m_state hv_state(unsigned i, gfn_t gfn)
{
	return p2m_state_of(&guests[i].p2m, gfn);
}

static void hv_run(unsigned i)
{
	guests[i].blocked = false;
}

static void hv_report(unsigned i, struct world_report *r)
{
	struct guest_stats *s = &guests[i].stats;

	s->avail = r->avail;
	s->working_set = r->working_set;
	s->major_faults = r->major_faults;
	s->lowmem_events = r->lowmem_events;
}

/* As memctl's tick counts them, for the catch-up times. */
static enum mem_state hv_tick(uint64_t now_ms)
{
	enum mem_state st = reclaim_tick(&loop, now_ms);

	mc.stats.ticks++;
	return st;
}

static const struct reclaim *hv_loop(void)
{
	return &loop;
}

static uint64_t hv_target(unsigned i)
{
	return guests[i].balloon_target;
}

static const char *hv_trace(void)
{
	return stub_log.trace;
}

static void hv_teardown(void)
{
	for (unsigned i = 0; i < mc.n; i++)
		guest_exit(&guests[i], 0);
	CHECK(pmem_count(&pm, PMEM_GUEST) == 0);
	CHECK(pmem_check(&pm) == ST_OK);
	CHECK(sa.used == 0);
	free(arena);
	ram_disk_free(&disk);
}

const struct world hv_world = {
	.name = "hypervisor", .setup = hv_setup, .pages = hv_pages,
	.touch = hv_touch, .inflate = hv_inflate, .deflate = hv_deflate,
	.state = hv_state, .run = hv_run, .report = hv_report,
	.tick = hv_tick, .loop = hv_loop, .target = hv_target,
	.trace = hv_trace, .teardown = hv_teardown,
};
