/* The host tests' RAM disk (see ram_disk.h). */
#include "tests/unit/ram_disk.h"

#include <stdlib.h>
#include <string.h>

static int ram_read(void *ctx, uint64_t lba, void *buf, unsigned n)
{
	struct ram_disk *rd = ctx;

	if (lba + n > rd->sectors)
		return ST_RANGE;
	memcpy(buf, rd->data + lba * SWAP_SECTOR_SIZE, (size_t)n * SWAP_SECTOR_SIZE);
	return ST_OK;
}

static int ram_write(void *ctx, uint64_t lba, const void *buf, unsigned n)
{
	struct ram_disk *rd = ctx;

	if (lba + n > rd->sectors)
		return ST_RANGE;
	if (rd->fail_write_lba >= lba && rd->fail_write_lba < lba + n)
		return ST_IO;
	memcpy(rd->data + lba * SWAP_SECTOR_SIZE, buf, (size_t)n * SWAP_SECTOR_SIZE);
	return ST_OK;
}

struct swap_dev ram_disk_make(struct ram_disk *rd, uint32_t slots)
{
	struct swap_header h;

	swap_layout((uint64_t)slots * SWAP_PAGE_SIZE, &h);
	free(rd->data);
	rd->sectors = swap_area_sectors(&h);
	rd->data = malloc(rd->sectors * SWAP_SECTOR_SIZE);
	memset(rd->data, 0xee, rd->sectors * SWAP_SECTOR_SIZE);
	rd->fail_write_lba = NO_FAIL;
	return (struct swap_dev){ ram_read, ram_write, rd, rd->sectors };
}

int ram_disk_format(struct swap_area *a, struct ram_disk *rd, uint32_t slots)
{
	struct swap_dev dev = ram_disk_make(rd, slots);

	return swap_init(a, &dev, (uint64_t)slots * SWAP_PAGE_SIZE);
}

void ram_disk_free(struct ram_disk *rd)
{
	free(rd->data);
	rd->data = 0;
}
