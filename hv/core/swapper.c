/*
 * Swap-out and swap-in (see swapper.h). Victims are chosen at random with
 * the scenario's seeded PRNG among the guest's mapped pages above its
 * loaded image, from a set kept as pages are mapped (hv/mm/victims.h), so
 * a pick costs O(1) however large the guest: the hypervisor never swaps
 * the stub's code, stack and page tables. Every disk error leaves the
 * page where it was and is counted. Each page's I/O goes through the one
 * disk queue (disk_queue.h), at the scenario's bandwidth, and costs the
 * CPU nothing on the run's clock, whatever the device took: under Bochs a
 * read's time depends on its seek distance as a share of the disk's size,
 * which made traces depend on the disk. A swap-in's caller makes its
 * guest wait for it (swapper_guest.io_done). (The bandwidth also sets how
 * many pages a tick may swap out, in memctl.c.)
 */
#include "hv/core/swapper.h"

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/disk_queue.h"
#include "hv/mm/victim_index.h"

static struct swap_area *area;
static struct prng rng;
static struct swapper_stats stats;
static struct victim_index victim_index;

void swapper_init(struct swap_area *sa, struct pmem *pmem, uint64_t seed)
{
	int st = sa ? victims_index_init(&victim_index, pmem) : ST_OK;

	area = st == ST_OK ? sa : 0;
	stats = (struct swapper_stats){ 0 };
	prng_seed(&rng, seed);
	if (st != ST_OK)
		printk("ballast: swap: no room for the victim index (status %d): no swapping\n",
		       st);
}

void swapper_track(struct swapper_guest *s, struct p2m *p2m, unsigned id,
		   const char *name, gfn_t first)
{
	*s = (struct swapper_guest){ .p2m = p2m, .name = name,
				     .owner = (uint16_t)id };
	victims_init(&s->victims, &victim_index_ops, &victim_index, p2m, first);
}

int swapper_reserve(struct swapper_guest *s)
{
	return area ? victims_reserve(&s->victims) : ST_OK;
}

void swapper_mapped(struct swapper_guest *s, gfn_t gfn)
{
	if (area && victims_add(&s->victims, gfn) != ST_OK)
		panic("guest %s: page 0x%lx mapped with no room to note it", s->name, gfn);
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

/* The device's own time is hidden; the page's is the queue's. Returns
 * the cycle it is done. */
static uint64_t queue_page_io(uint64_t start)
{
	clock_charge(start, 0);
	return disk_request(1);
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

/* A slot the disk would not mark free (its map sector's write failed)
 * stays used: lost to the run, no page's, counted as a write error. A disk
 * error, not a broken hypervisor: it stops nothing. */
static void note_lost_slot(struct swapper_guest *s, gfn_t gfn, slot_t slot,
			   const char *why)
{
	stats.write_errors++;
	s->errors++;
	printk("ballast: guest %s: swap slot %u of page 0x%lx, %s, could not be freed: it stays used\n",
	       s->name, (unsigned)slot, gfn, why);
}

/* What freeing the slot of a page that no longer needs it gave: ST_IO is
 * the disk's (note_lost_slot), any other failure a slot the p2m named but
 * the area does not hold: the hypervisor's own bookkeeping broke. */
static void check_freed(struct swapper_guest *s, gfn_t gfn, slot_t slot,
			const char *why, int st)
{
	if (st == ST_IO)
		note_lost_slot(s, gfn, slot, why);
	else if (st != ST_OK)
		panic("guest %s: swap slot %u of page 0x%lx, %s, is not the area's (%d)",
		      s->name, (unsigned)slot, gfn, why, st);
}

/* One page out: a slot, the write, then the p2m; ST_IO or ST_FULL leave
 * the page mapped. A slot whose write failed is reserved, not used: its
 * free touches no disk, so only broken bookkeeping makes it fail. */
static int swap_out_page(struct swapper_guest *s, gfn_t gfn)
{
	uint64_t start = clock_cycles();
	slot_t slot;
	mfn_t mfn;
	int st = swap_alloc(area, &slot), io;

	if (st != ST_OK)
		return st;
	st = p2m_swap_out_begin(s->p2m, gfn, &mfn);
	if (st != ST_OK)
		panic("guest %s: page 0x%lx chosen for swap-out is not mapped", s->name, gfn);
	io = swap_write(area, slot, mfn_ptr(mfn), s->owner, gfn);
	queue_page_io(start);
	st = p2m_swap_out_end(s->p2m, gfn, mfn, slot, io == ST_OK);
	if (st != ST_OK)
		panic("guest %s: p2m broke ending a swap-out (%d)", s->name, st);
	if (io != ST_OK && free_slot_unseen(slot) != ST_OK)
		panic("swap slot %u could not be freed", (unsigned)slot);
	return io;
}

uint64_t swapper_swap_out(struct swapper_guest *s, uint64_t n)
{
	uint64_t start = clock_cycles(), done = 0;

	for (uint64_t i = 0; area && i < n; i++) {
		gfn_t gfn;
		int st;

		if (victims_take(&s->victims, &rng, &gfn) != ST_OK)
			break;
		st = swap_out_page(s, gfn);
		if (st != ST_OK) /* still mapped: taking it left room for it */
			swapper_mapped(s, gfn);
		if (st == ST_FULL) {
			note_full();
			break;
		}
		if (st != ST_OK) {
			stats.write_errors++;
			s->errors++;
			continue;
		}
		done++;
	}
	s->outs += done;
	stats.outs += done;
	stats.out_cycles += clock_cycles() - start;
	return done;
}

int swapper_swap_in(struct swapper_guest *s, gfn_t gfn)
{
	uint64_t start = clock_cycles();
	slot_t slot;
	mfn_t mfn;
	int st = area ? swapper_reserve(s) : ST_INVAL, io;

	if (st == ST_OK)
		st = p2m_swap_in_begin(s->p2m, gfn, &slot, &mfn);
	if (st != ST_OK)
		return st;
	io = swap_read(area, slot, mfn_ptr(mfn));
	s->io_done = queue_page_io(start);
	st = p2m_swap_in_end(s->p2m, gfn, mfn, io == ST_OK);
	if (st != ST_OK)
		panic("guest %s: p2m broke ending a swap-in (%d)", s->name, st);
	if (io != ST_OK) {
		stats.read_errors++;
		s->errors++;
		return ST_IO;
	}
	check_freed(s, gfn, slot, "read back", free_slot_unseen(slot));
	swapper_mapped(s, gfn);
	s->ins++;
	stats.ins++;
	stats.in_cycles += clock_cycles() - start;
	return ST_OK;
}

void swapper_discard(struct swapper_guest *s, gfn_t gfn, slot_t slot)
{
	/* Seen by the run's clock, as it always was (traces stay as they
	 * were); the other frees are not. */
	check_freed(s, gfn, slot, "which it ballooned", swap_free(area, slot));
}

static int free_slot(void *ctx, gfn_t gfn, slot_t slot)
{
	check_freed(ctx, gfn, slot, "which it left when it ended",
		    free_slot_unseen(slot));
	return ST_OK;
}

void swapper_release(struct swapper_guest *s)
{
	if (!area)
		return;
	if (p2m_for_each_swapped(s->p2m, free_slot, s) != ST_OK)
		panic("guest %s: its swapped pages could not be walked", s->name);
	victims_destroy(&s->victims);
}
