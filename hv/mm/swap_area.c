/*
 * The swap area (see swap.h). The bitmap answers "lowest free slot" in a
 * scan of 64 slots per word from a hint; the map mirrors the on-disk map
 * sector for sector, so a slot change writes the one sector that holds
 * its entry straight from memory. Each change to memory is made only after
 * the device accepted it, or undone when it did not.
 */
#include "hv/mm/swap_area.h"

#include "hv/lib/string.h"

#define BITS_PER_WORD 64u

static uint64_t div_round_up(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

int swap_layout(uint64_t bytes, struct swap_header *h)
{
	uint64_t slots = bytes / SWAP_PAGE_SIZE;

	if (bytes % SWAP_PAGE_SIZE != 0)
		return ST_INVAL;
	if (slots > SWAP_MAX_SLOTS)
		return ST_RANGE;
	memset(h, 0, sizeof(*h));
	h->magic = SWAP_MAGIC;
	h->version = SWAP_VERSION;
	h->page_size = SWAP_PAGE_SIZE;
	h->sector_size = SWAP_SECTOR_SIZE;
	h->slots = (uint32_t)slots;
	/* Sector 0 holds the header; the map starts on the next page. */
	h->map_lba = SWAP_SECTORS_PER_SLOT;
	h->map_sectors = div_round_up(slots, SWAP_MAP_PER_SECTOR);
	h->slots_lba = div_round_up(h->map_lba + h->map_sectors,
				    SWAP_SECTORS_PER_SLOT) *
		       SWAP_SECTORS_PER_SLOT;
	return ST_OK;
}

uint64_t swap_area_sectors(const struct swap_header *h)
{
	return h->slots_lba + (uint64_t)h->slots * SWAP_SECTORS_PER_SLOT;
}

uint64_t swap_paging_layout(const struct swap_header *h, const uint64_t *bytes,
			    unsigned n, uint64_t *lba)
{
	uint64_t end = swap_area_sectors(h);

	for (unsigned i = 0; i < n; i++) {
		lba[i] = end;
		end += bytes[i] / SWAP_SECTOR_SIZE;
	}
	return end;
}

int swap_check_header(const struct swap_header *h, uint64_t disk_sectors)
{
	struct swap_header want;

	if (h->magic != SWAP_MAGIC || h->version != SWAP_VERSION)
		return ST_INVAL;
	if (swap_layout((uint64_t)h->slots * SWAP_PAGE_SIZE, &want) != ST_OK)
		return ST_INVAL;
	/* One version has one layout: every field must be the computed one. */
	if (memcmp(h, &want, sizeof(want)) != 0)
		return ST_INVAL;
	return swap_area_sectors(h) <= disk_sectors ? ST_OK : ST_RANGE;
}

/* Runs a device transfer; any failure of the device is ST_IO, counted. */
static int dev_result(struct swap_area *sa, int st)
{
	if (st == ST_OK)
		return ST_OK;
	sa->errors++;
	return ST_IO;
}

/* Writes the map sector that holds slot's entry, from memory. */
static int write_map_sector(struct swap_area *sa, slot_t slot)
{
	uint64_t sector = slot / SWAP_MAP_PER_SECTOR;

	return dev_result(sa, sa->dev.write(sa->dev.ctx, sa->hdr.map_lba + sector,
					    &sa->map[sector * SWAP_MAP_PER_SECTOR],
					    1));
}

/* The area's header as sector 0 holds it: the header, then zeros. */
static int write_header(struct swap_area *sa, const struct swap_header *h)
{
	uint8_t sector[SWAP_SECTOR_SIZE];

	memset(sector, 0, sizeof(sector));
	memcpy(sector, h, sizeof(*h));
	return dev_result(sa, sa->dev.write(sa->dev.ctx, SWAP_HEADER_LBA,
					    sector, 1));
}

int swap_init(struct swap_area *sa, const struct swap_dev *dev,
	      uint64_t bytes)
{
	struct swap_header h;
	int st = swap_layout(bytes, &h);

	/* Zero slots until the format is on disk: nothing can be allocated. */
	memset(sa, 0, sizeof(*sa));
	sa->dev = *dev;
	if (st != ST_OK)
		return st;
	if (swap_area_sectors(&h) > dev->sectors)
		return ST_RANGE;
	/* The map first: a header only ever describes a map that is there. */
	st = dev_result(sa, dev->write(dev->ctx, h.map_lba, sa->map,
				       (unsigned)h.map_sectors));
	if (st == ST_OK)
		st = write_header(sa, &h);
	if (st == ST_OK)
		sa->hdr = h;
	return st;
}

static bool slot_taken(const struct swap_area *sa, slot_t slot)
{
	return sa->bitmap[slot / BITS_PER_WORD] >> (slot % BITS_PER_WORD) & 1;
}

int swap_alloc(struct swap_area *sa, slot_t *slot)
{
	uint32_t words = (uint32_t)div_round_up(sa->hdr.slots, BITS_PER_WORD);

	for (uint32_t w = sa->first_free_word; w < words; w++) {
		uint64_t free_bits = ~sa->bitmap[w];
		slot_t s;

		if (free_bits == 0)
			continue;
		sa->first_free_word = w;
		s = w * BITS_PER_WORD + (slot_t)__builtin_ctzll(free_bits);
		if (s >= sa->hdr.slots)
			return ST_FULL;         /* the free bits past the end */
		sa->bitmap[w] |= 1ull << (s % BITS_PER_WORD);
		sa->used++;
		*slot = s;
		return ST_OK;
	}
	sa->first_free_word = words;
	return ST_FULL;
}

static uint64_t slot_lba(const struct swap_area *sa, slot_t slot)
{
	return sa->hdr.slots_lba + (uint64_t)slot * SWAP_SECTORS_PER_SLOT;
}

/* Counts a data transfer and says whether fault injection fails it. */
static bool injected(uint64_t *tries, uint64_t fail_at)
{
	return ++*tries == fail_at;
}

int swap_write(struct swap_area *sa, slot_t slot, const void *page,
	       uint16_t guest, gfn_t gfn)
{
	struct swap_map_entry *e;
	int st;

	if (slot >= sa->hdr.slots)
		return ST_RANGE;
	if (!slot_taken(sa, slot))
		return ST_NOENT;
	e = &sa->map[slot];
	if (e->state == SWAP_SLOT_USED)
		return ST_EXIST;
	if (injected(&sa->write_tries, sa->fail_write_at))
		return dev_result(sa, ST_IO);
	st = dev_result(sa, sa->dev.write(sa->dev.ctx, slot_lba(sa, slot), page,
					  SWAP_SECTORS_PER_SLOT));
	if (st != ST_OK)
		return st;
	*e = (struct swap_map_entry){ .state = SWAP_SLOT_USED, .guest = guest,
				      .gfn = gfn };
	st = write_map_sector(sa, slot);
	if (st != ST_OK) {
		/* Still free on disk: the page written there is not a copy. */
		*e = (struct swap_map_entry){ .state = SWAP_SLOT_FREE };
		return st;
	}
	sa->writes++;
	return ST_OK;
}

int swap_read(struct swap_area *sa, slot_t slot, void *page)
{
	int st;

	if (slot >= sa->hdr.slots)
		return ST_RANGE;
	if (sa->map[slot].state != SWAP_SLOT_USED)
		return ST_NOENT;
	if (injected(&sa->read_tries, sa->fail_read_at))
		return dev_result(sa, ST_IO);
	st = dev_result(sa, sa->dev.read(sa->dev.ctx, slot_lba(sa, slot), page,
					 SWAP_SECTORS_PER_SLOT));
	if (st == ST_OK)
		sa->reads++;
	return st;
}

int swap_free(struct swap_area *sa, slot_t slot)
{
	uint32_t w = slot / BITS_PER_WORD;

	if (slot >= sa->hdr.slots)
		return ST_RANGE;
	if (!slot_taken(sa, slot))
		return ST_NOENT;
	if (sa->map[slot].state == SWAP_SLOT_USED) {
		struct swap_map_entry old = sa->map[slot];
		int st;

		sa->map[slot] = (struct swap_map_entry){ .state = SWAP_SLOT_FREE };
		st = write_map_sector(sa, slot);
		if (st != ST_OK) {
			sa->map[slot] = old;
			return st;
		}
	}
	sa->bitmap[w] &= ~(1ull << (slot % BITS_PER_WORD));
	sa->used--;
	if (w < sa->first_free_word)
		sa->first_free_word = w;
	return ST_OK;
}

/* Past the swap area's last slot and inside the device. */
static bool beyond_area(const struct swap_area *sa, uint64_t lba,
			unsigned sectors)
{
	return lba >= swap_area_sectors(&sa->hdr) && lba <= sa->dev.sectors &&
	       sectors <= sa->dev.sectors - lba;
}

int swap_dev_read(struct swap_area *sa, uint64_t lba, void *buf,
		  unsigned sectors)
{
	if (!beyond_area(sa, lba, sectors))
		return ST_RANGE;
	if (injected(&sa->read_tries, sa->fail_read_at))
		return dev_result(sa, ST_IO);
	return dev_result(sa, sa->dev.read(sa->dev.ctx, lba, buf, sectors));
}

int swap_dev_write(struct swap_area *sa, uint64_t lba, const void *buf,
		   unsigned sectors)
{
	if (!beyond_area(sa, lba, sectors))
		return ST_RANGE;
	if (injected(&sa->write_tries, sa->fail_write_at))
		return dev_result(sa, ST_IO);
	return dev_result(sa, sa->dev.write(sa->dev.ctx, lba, buf, sectors));
}
