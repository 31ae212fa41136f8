/*
 * Swap-out and swap-in (see swapper.h). Victims are chosen at random with
 * the scenario's seeded PRNG among the guest's mapped pages above its
 * loaded image, from a set kept as pages are mapped (hv/mm/victims.h), so
 * a pick costs O(1) however large the guest: the hypervisor never swaps
 * the stub's code, stack and page tables. Every disk error leaves the
 * page where it was and is counted. Each page's I/O costs the run's clock
 * SWAP_PAGE_IO_US, whatever the disk took: under Bochs a read's time
 * depends on its seek distance as a share of the disk's size, which made
 * traces depend on the disk. (The scenario's bandwidth sets how many
 * pages a tick may swap out, in memctl.c.)
 */
#include "hv/core/swapper.h"

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/mm/victim_index.h"

#define READ_RETRIES 3
/* What a page of swap I/O costs the run: about what Bochs's disk takes
 * for one, a write (0.37 ms) or a read (0.4 to 8 ms, by seek distance). */
#define SWAP_PAGE_IO_US 500

static struct swap_area *area;
static struct prng rng;
static struct swapper_stats stats;
static struct victim_index victim_index;

void swapper_init(struct swap_area *sa, struct pmem *pmem, uint64_t seed)
{
	int st = sa ? victims_index_init(&victim_index, pmem) : ST_OK;

	area = st == ST_OK ? sa : 0;
	prng_seed(&rng, seed);
	if (st != ST_OK)
		printk("ballast: swap: no room for the victim index (status %d): no swapping\n",
		       st);
}

void swapper_track(struct guest *g)
{
	victims_init(&g->victims, &victim_index_ops, &victim_index, &g->p2m,
		     g->first_swappable);
}

int swapper_reserve(struct guest *g)
{
	return area ? victims_reserve(&g->victims) : ST_OK;
}

void swapper_mapped(struct guest *g, gfn_t gfn)
{
	if (area && victims_add(&g->victims, gfn) != ST_OK)
		panic("guest %s: page 0x%lx mapped with no room to note it", g->name, gfn);
}

bool swapper_present(void)
{
	return area != 0;
}

const struct swapper_stats *swapper_stats(void)
{
	return &stats;
}

static void note_full(void)
{
	if (stats.full)
		return;
	stats.full = true;
	printk("ballast: swap area full (%lu slots): no more swap-outs\n",
	       (uint64_t)swap_slots(area));
}

static void charge_page_io(uint64_t start)
{
	clock_charge(start, clock_hz() / 1000000 * SWAP_PAGE_IO_US);
}

/* Freeing a slot writes its map sector: bookkeeping the run's clock does
 * not see, or its time would depend on the disk's size again. */
static int free_slot_unseen(slot_t slot)
{
	uint64_t start = clock_cycles();
	int st = swap_free(area, slot);

	clock_charge(start, 0);
	return st;
}

/* One page out: a slot, the write, then the p2m; ST_IO or ST_FULL leave
 * the page mapped. */
static int swap_out_page(struct guest *g, gfn_t gfn)
{
	uint64_t start = clock_cycles();
	slot_t slot;
	mfn_t mfn;
	int st = swap_alloc(area, &slot), io;

	if (st != ST_OK)
		return st;
	st = p2m_swap_out_begin(&g->p2m, gfn, &mfn);
	if (st != ST_OK)
		panic("guest %s: page 0x%lx chosen for swap-out is not mapped", g->name, gfn);
	io = swap_write(area, slot, mfn_ptr(mfn), (uint16_t)g->id, gfn);
	charge_page_io(start);
	st = p2m_swap_out_end(&g->p2m, gfn, mfn, slot, io == ST_OK);
	if (st != ST_OK)
		panic("guest %s: p2m broke ending a swap-out (%d)", g->name, st);
	if (io != ST_OK && free_slot_unseen(slot) != ST_OK)
		panic("swap slot %u could not be freed", (unsigned)slot);
	return io;
}

uint64_t swapper_swap_out(struct guest *g, uint64_t n)
{
	uint64_t start = clock_cycles(), done = 0;

	for (uint64_t i = 0; area && i < n; i++) {
		gfn_t gfn;
		int st;

		if (victims_take(&g->victims, &rng, &gfn) != ST_OK)
			break;
		st = swap_out_page(g, gfn);
		if (st != ST_OK) /* still mapped: taking it left room for it */
			swapper_mapped(g, gfn);
		if (st == ST_FULL) {
			note_full();
			break;
		}
		if (st != ST_OK) {
			stats.write_errors++;
			g->swap_errors++;
			continue;
		}
		done++;
	}
	if (done)
		vcpu_flush_mappings(&g->vcpu);
	g->swap_out += done;
	stats.outs += done;
	stats.out_cycles += clock_cycles() - start;
	return done;
}

static enum exit_action read_failed(struct guest *g, gfn_t gfn)
{
	stats.read_errors++;
	g->swap_errors++;
	if (++g->read_failures < READ_RETRIES)
		return EXIT_ACTION_RESUME; /* the access faults again: retry */
	guest_stop(g, "swap-in of page 0x%lx failed %u times in a row", gfn,
		   READ_RETRIES);
	return EXIT_ACTION_ENDED;
}

enum exit_action handle_swap_in(struct guest *g, gfn_t gfn)
{
	uint64_t start = clock_cycles();
	slot_t slot;
	mfn_t mfn;
	int st = swapper_reserve(g), io;

	if (st == ST_OK)
		st = p2m_swap_in_begin(&g->p2m, gfn, &slot, &mfn);
	if (st == ST_NOMEM) {
		guest_block(g);
		return EXIT_ACTION_YIELD;
	}
	if (st != ST_OK)
		panic("guest %s: swap-in of page 0x%lx: %d", g->name, gfn, st);
	io = swap_read(area, slot, mfn_ptr(mfn));
	charge_page_io(start);
	st = p2m_swap_in_end(&g->p2m, gfn, mfn, io == ST_OK);
	if (st != ST_OK)
		panic("guest %s: p2m broke ending a swap-in (%d)", g->name, st);
	if (io != ST_OK)
		return read_failed(g, gfn);
	if (free_slot_unseen(slot) != ST_OK)
		panic("swap slot %u of page 0x%lx could not be freed", (unsigned)slot, gfn);
	swapper_mapped(g, gfn);
	g->read_failures = 0;
	g->swap_in++;
	stats.ins++;
	stats.in_cycles += clock_cycles() - start;
	return EXIT_ACTION_RESUME;
}

void swapper_discard(struct guest *g, gfn_t gfn, slot_t slot)
{
	if (swap_free(area, slot) == ST_OK)
		return;
	stats.write_errors++;
	g->swap_errors++;
	printk("ballast: guest %s: swap slot %u of page 0x%lx, which it ballooned, could not be freed\n",
	       g->name, (unsigned)slot, gfn);
}

static int free_slot(void *ctx, gfn_t gfn, slot_t slot)
{
	(void)ctx;
	(void)gfn;
	return free_slot_unseen(slot);
}

void swapper_release(struct guest *g)
{
	if (!area)
		return;
	if (p2m_for_each_swapped(&g->p2m, free_slot, 0) != ST_OK)
		panic("guest %s: its swap slots could not be freed", g->name);
	victims_destroy(&g->victims);
}
