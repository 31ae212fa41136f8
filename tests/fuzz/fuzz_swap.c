/*
 * libFuzzer target for reading a swap disk image (hv/mm/swap_area.c's header
 * check, and the slot map walk tools/swapinfo makes after it): a header
 * that passes must describe an area that fits the image, with a map that
 * holds every slot's entry, so that reading any slot or entry stays inside
 * the image. Never a crash or a read past it.
 *
 * Input: u16 image sectors (mod MAX_SECTORS), then the image's first
 * bytes; the rest of the image is zero.
 */
#include "hv/mm/swap_area.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SECTORS 1024 /* 512 KiB: areas of up to 62 slots */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		abort();
}

/* The header passed: the layout is swap_layout's, inside the image. */
static void check_layout(const struct swap_header *h, uint64_t sectors)
{
	struct swap_header want;

	must(swap_layout((uint64_t)h->slots * SWAP_PAGE_SIZE, &want) == ST_OK);
	must(memcmp(h, &want, sizeof(want)) == 0);
	must(h->map_lba >= 1 && h->map_lba + h->map_sectors <= h->slots_lba);
	must((uint64_t)h->slots <= h->map_sectors * SWAP_MAP_PER_SECTOR);
	must(swap_area_sectors(h) <= sectors);
}

/* As swapinfo lists the slots: every entry read from the image itself. */
static void walk_map(const struct swap_header *h, const uint8_t *img)
{
	const uint8_t *map = img + h->map_lba * SWAP_SECTOR_SIZE;
	uint32_t used = 0, bad = 0;

	for (uint32_t s = 0; s < h->slots; s++) {
		struct swap_map_entry e;

		memcpy(&e, map + (size_t)s * sizeof(e), sizeof(e));
		used += e.state == SWAP_SLOT_USED;
		bad += e.state != SWAP_SLOT_USED && e.state != SWAP_SLOT_FREE;
	}
	must(used + bad <= h->slots);
	/* The last slot's last byte, as a swap_read of it would read it. */
	if (h->slots) {
		volatile uint8_t last = img[swap_area_sectors(h) * SWAP_SECTOR_SIZE - 1];

		(void)last;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t sectors;
	size_t len;
	uint8_t *img;
	struct swap_header h;
	int st;

	if (size < 2)
		return 0;
	sectors = (data[0] | (uint64_t)data[1] << 8) % MAX_SECTORS;
	len = sectors * SWAP_SECTOR_SIZE;
	/* Exactly the image's bytes, so ASan sees a read past its end. */
	img = calloc(len ? len : 1, 1);
	memcpy(img, data + 2, size - 2 < len ? size - 2 : len);
	if (len >= SWAP_SECTOR_SIZE) {
		memcpy(&h, img, sizeof(h));
		st = swap_check_header(&h, sectors);
		must(st == ST_OK || st == ST_INVAL || st == ST_RANGE);
		if (st == ST_OK) {
			check_layout(&h, sectors);
			walk_map(&h, img);
		}
	}
	free(img);
	return 0;
}
