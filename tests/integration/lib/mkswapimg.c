/*
 * mkswapimg IMAGE: writes a known swap area for tests/integration/
 * swapinfo/check.sh, through hv/mm/swap_area.c on a file: 40 slots; guest 1 pages
 * 0x100-0x104 in slots 0-4, guest 2 page 0xabcdef in slot 5, then slot 2
 * freed and reserved again: free on disk, since no page was written.
 */
#include "hv/mm/swap_area.h"

#include <stdio.h>
#include <string.h>

#define SLOTS 40

static int file_read(void *ctx, uint64_t lba, void *buf, unsigned n)
{
	FILE *f = ctx;

	if (fseek(f, (long)(lba * SWAP_SECTOR_SIZE), SEEK_SET) != 0 ||
	    fread(buf, SWAP_SECTOR_SIZE, n, f) != n)
		return ST_IO;
	return ST_OK;
}

static int file_write(void *ctx, uint64_t lba, const void *buf, unsigned n)
{
	FILE *f = ctx;

	if (fseek(f, (long)(lba * SWAP_SECTOR_SIZE), SEEK_SET) != 0 ||
	    fwrite(buf, SWAP_SECTOR_SIZE, n, f) != n)
		return ST_IO;
	return ST_OK;
}

static struct swap_area sa;

static int put(uint16_t guest, gfn_t gfn)
{
	static uint8_t page[SWAP_PAGE_SIZE];
	slot_t s;

	memset(page, (int)gfn, sizeof(page));
	if (swap_alloc(&sa, &s) != ST_OK)
		return ST_FULL;
	return swap_write(&sa, s, page, guest, gfn);
}

static int fill(void)
{
	slot_t s;
	int st = ST_OK;

	for (gfn_t g = 0x100; st == ST_OK && g < 0x105; g++)
		st = put(1, g);
	if (st == ST_OK)
		st = put(2, 0xabcdef);
	if (st == ST_OK)
		st = swap_free(&sa, 2);
	if (st == ST_OK)
		st = swap_alloc(&sa, &s);       /* the lowest free: slot 2 again */
	return st;
}

int main(int argc, char **argv)
{
	struct swap_header h;
	struct swap_dev dev = { file_read, file_write, NULL, 0 };
	FILE *f;
	int st;

	if (argc != 2) {
		fprintf(stderr, "usage: mkswapimg IMAGE\n");
		return 2;
	}
	f = fopen(argv[1], "w+b");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	swap_layout(SLOTS * SWAP_PAGE_SIZE, &h);
	dev.ctx = f;
	dev.sectors = swap_area_sectors(&h);
	/* The last sector makes the file as long as the area. */
	st = file_write(f, dev.sectors - 1, (uint8_t[SWAP_SECTOR_SIZE]){ 0 }, 1);
	if (st == ST_OK)
		st = swap_init(&sa, &dev, SLOTS * SWAP_PAGE_SIZE);
	if (st == ST_OK)
		st = fill();
	if (fclose(f) != 0 || st != ST_OK) {
		fprintf(stderr, "mkswapimg: %s: failed (status %d)\n", argv[1], st);
		return 1;
	}
	return 0;
}
