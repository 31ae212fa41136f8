/*
 * The swap area: page-sized slots on a block device, with the slot map
 * (include/ballast/swap.h) kept in memory and on disk. Plain C that
 * touches no hardware: the hypervisor passes ATA ops, host tests a RAM
 * disk. Slots are handed out lowest first, so a run is reproducible.
 *
 * A slot is free, reserved (swap_alloc: taken in memory, still free on
 * disk) or used (swap_write: page and map entry on disk). Every device
 * error returns ST_IO and leaves the area as it was, so the caller keeps
 * the page where it is and nothing is lost.
 *
 * The free bitmap and the map live inside struct swap_area, never in the
 * machine memory the experiment measures: the hypervisor declares its area
 * static (about 1 MiB for SWAP_MAX_SLOTS).
 */
#ifndef HV_MM_SWAP_AREA_H
#define HV_MM_SWAP_AREA_H

#include "hv/lib/types.h"
#include <ballast/swap.h>

#define SWAP_MAX_SLOTS 65536u   /* 256 MiB of swap */
#define SWAP_BITMAP_WORDS (SWAP_MAX_SLOTS / 64)
#define SWAP_MAP_MAX_SECTORS (SWAP_MAX_SLOTS / SWAP_MAP_PER_SECTOR)

/* The block device under the area; sectors are SWAP_SECTOR_SIZE bytes. */
struct swap_dev {
	int (*read)(void *ctx, uint64_t lba, void *buf, unsigned sectors);
	int (*write)(void *ctx, uint64_t lba, const void *buf,
		     unsigned sectors);
	void *ctx;
	uint64_t sectors;       /* size of the device */
};

struct swap_area {
	struct swap_dev dev;
	struct swap_header hdr;         /* as written to sector 0 */
	uint32_t used;                  /* reserved or used slots */
	uint32_t first_free_word;       /* no free slot below this bitmap word */
	uint64_t reads, writes;         /* pages read and written */
	uint64_t errors;                /* device errors, injected ones too */
	/* Fault injection: the Nth data read/write fails (1-based; 0 never). */
	uint64_t fail_read_at, fail_write_at;
	uint64_t read_tries, write_tries;       /* data transfers attempted */
	uint64_t bitmap[SWAP_BITMAP_WORDS];     /* bit set: reserved or used */
	struct swap_map_entry map[SWAP_MAX_SLOTS];      /* the on-disk map */
};

/*
 * Fills *h with the layout of an area of bytes of swap (a multiple of the
 * page size: ST_INVAL otherwise). ST_RANGE over SWAP_MAX_SLOTS slots.
 */
int swap_layout(uint64_t bytes, struct swap_header *h);

/* Sectors from the start of the device to the end of the last slot. */
uint64_t swap_area_sectors(const struct swap_header *h);

/*
 * The guests' paging areas (docs/design.md section 5): on the same
 * device, right after the swap area's last slot, in guest order, each
 * bytes[i] long (a multiple of the page size; 0: none). Fills lba[i]
 * with where each starts and returns the sectors the device needs for
 * the swap area and all of them.
 */
uint64_t swap_paging_layout(const struct swap_header *h, const uint64_t *bytes,
			    unsigned n, uint64_t *lba);

/*
 * Checks a header read from a device of disk_sectors: ST_INVAL when it is
 * not a swap area of this version, ST_RANGE when the device is too small.
 */
int swap_check_header(const struct swap_header *h, uint64_t disk_sectors);

/*
 * Formats an area of bytes on dev: writes an empty map, then the header.
 * ST_RANGE when the device is smaller than the area or the area larger
 * than SWAP_MAX_SLOTS. Resets every field, fault injection included.
 */
int swap_init(struct swap_area *sa, const struct swap_dev *dev,
	      uint64_t bytes);

/* Reserves the lowest free slot; ST_FULL when there is none. */
int swap_alloc(struct swap_area *sa, slot_t *slot);

/*
 * Writes one page into a reserved slot, then its map entry (guest, gfn):
 * the slot is used from then on. On ST_IO it stays reserved; ST_EXIST for
 * a used slot, whose page must not be overwritten before it is read back.
 */
int swap_write(struct swap_area *sa, slot_t slot, const void *page,
	       uint16_t guest, gfn_t gfn);

/*
 * Reads a used slot's page. ST_NOENT for a slot that holds no page. On
 * ST_IO the slot still holds the page; page may be partly overwritten.
 */
int swap_read(struct swap_area *sa, slot_t slot, void *page);

/*
 * Moves sectors (whole pages) between buf and [lba, lba + sectors) of the
 * device past the swap area, where the paging areas are: ST_RANGE for
 * sectors inside the area or past the device, ST_IO on a device error.
 * They count as data transfers for fault injection, so fail-read and
 * fail-write reach the guests' paging too. A failed read may leave buf
 * partly written.
 */
int swap_dev_read(struct swap_area *sa, uint64_t lba, void *buf,
		  unsigned sectors);
int swap_dev_write(struct swap_area *sa, uint64_t lba, const void *buf,
		   unsigned sectors);

/*
 * Frees a reserved or used slot (a used one is marked free on disk too).
 * On ST_IO the slot stays used.
 */
int swap_free(struct swap_area *sa, slot_t slot);

static inline uint32_t swap_slots(const struct swap_area *sa)
{
	return sa->hdr.slots;
}

#endif
