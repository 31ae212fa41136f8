/*
 * The swap area's on-disk format, shared by the hypervisor (hv/mm/swap_area.c)
 * and the host tool that reads an image after a run (tools/swapinfo).
 * Fixed-width little-endian fields, explicit reserved fields, no packing.
 *
 *   sector 0               struct swap_header, the rest of the sector zero
 *   map_lba ..             the slot map: one struct swap_map_entry per slot,
 *                          SWAP_MAP_PER_SECTOR to a sector, map_sectors long
 *   slots_lba + 8 * N      slot N: one guest page (SWAP_SECTORS_PER_SLOT)
 *
 * map_lba and slots_lba are multiples of SWAP_SECTORS_PER_SLOT, so slots
 * are page-aligned in the image. The map is written on every slot change:
 * after a run it says which guest page each slot holds.
 */
#ifndef BALLAST_SWAP_H
#define BALLAST_SWAP_H

#include <stdint.h>

/* The bytes "BLSTSWAP" at offset 0, read as a little-endian uint64_t. */
#define SWAP_MAGIC 0x5041575354534c42ull
#define SWAP_VERSION 1u
#define SWAP_SECTOR_SIZE 512u
#define SWAP_PAGE_SIZE 4096u
#define SWAP_SECTORS_PER_SLOT (SWAP_PAGE_SIZE / SWAP_SECTOR_SIZE)
#define SWAP_HEADER_LBA 0u

struct swap_header {
	uint64_t magic;         /* SWAP_MAGIC */
	uint32_t version;       /* SWAP_VERSION */
	uint32_t page_size;     /* bytes per slot: SWAP_PAGE_SIZE */
	uint32_t sector_size;   /* SWAP_SECTOR_SIZE */
	uint32_t slots;         /* slots in the area */
	uint64_t map_lba;       /* first sector of the slot map */
	uint64_t map_sectors;   /* sectors of the slot map */
	uint64_t slots_lba;     /* first sector of slot 0 */
	uint64_t reserved[2];   /* zero */
};

/* A slot map entry's state. A zeroed map is an empty one. */
#define SWAP_SLOT_FREE 0u
#define SWAP_SLOT_USED 1u

struct swap_map_entry {
	uint32_t state;         /* SWAP_SLOT_FREE or SWAP_SLOT_USED */
	uint16_t guest;         /* owner's guest id, when used */
	uint16_t reserved;      /* zero */
	uint64_t gfn;           /* guest page number held, when used */
};

#define SWAP_MAP_PER_SECTOR (SWAP_SECTOR_SIZE / sizeof(struct swap_map_entry))

_Static_assert(sizeof(struct swap_header) == 64, "swap header layout");
_Static_assert(sizeof(struct swap_map_entry) == 16, "swap map entry layout");
_Static_assert(SWAP_SECTOR_SIZE % sizeof(struct swap_map_entry) == 0,
	       "map entries must not straddle sectors");

#endif
