/*
 * The swap area on a RAM disk: layout and format, lowest-first allocation
 * until full, page round trips, the on-disk map after each kind of change,
 * and device errors (injected by the area's counters or by the RAM disk
 * itself) that must change nothing and lose nothing.
 */
#include "hv/mm/swap_area.h"
#include "tests/unit/check.h"
#include "tests/unit/ram_disk.h"

#include <stdlib.h>
#include <string.h>

static struct ram_disk disk, disk2;
static struct swap_area sa, sa2;        /* about 1 MiB each */

static const struct swap_map_entry *disk_map(const struct ram_disk *rd)
{
	const struct swap_header *h = (const void *)rd->data;

	return (const void *)(rd->data + h->map_lba * SWAP_SECTOR_SIZE);
}

/* The map on disk is, entry for entry, the one in memory. */
static bool disk_map_matches(const struct swap_area *a,
			     const struct ram_disk *rd)
{
	return memcmp(disk_map(rd), a->map,
		      a->hdr.slots * sizeof(struct swap_map_entry)) == 0;
}

static void fill_page(uint8_t *page, uint64_t key)
{
	for (unsigned i = 0; i < SWAP_PAGE_SIZE; i++)
		page[i] = (uint8_t)(key * 131 + i * 7 + (i >> 8));
}

static bool page_is(const uint8_t *page, uint64_t key)
{
	uint8_t want[SWAP_PAGE_SIZE];

	fill_page(want, key);
	return memcmp(page, want, SWAP_PAGE_SIZE) == 0;
}

/* Allocates a slot and writes page key there for guest, gfn = key. */
static slot_t put(struct swap_area *a, uint16_t guest, uint64_t key)
{
	uint8_t page[SWAP_PAGE_SIZE];
	slot_t s = (slot_t)-1;

	fill_page(page, key);
	CHECK(swap_alloc(a, &s) == ST_OK);
	CHECK(swap_write(a, s, page, guest, key) == ST_OK);
	return s;
}

static void test_layout(void)
{
	struct swap_header h;

	CHECK(swap_layout(SWAP_MAX_SLOTS * (uint64_t)SWAP_PAGE_SIZE, &h) == ST_OK);
	CHECK(h.magic == SWAP_MAGIC && h.version == SWAP_VERSION);
	CHECK(h.page_size == 4096 && h.sector_size == 512);
	CHECK(h.slots == SWAP_MAX_SLOTS);
	CHECK(h.map_lba == 8 && h.map_sectors == SWAP_MAX_SLOTS / 32);
	CHECK(h.slots_lba == 8 + SWAP_MAX_SLOTS / 32);
	CHECK(swap_area_sectors(&h) == h.slots_lba + 8ull * SWAP_MAX_SLOTS);

	/* 33 entries take two map sectors; slots start on a page boundary. */
	CHECK(swap_layout(33 * SWAP_PAGE_SIZE, &h) == ST_OK);
	CHECK(h.map_sectors == 2 && h.slots_lba == 16);

	CHECK(swap_layout(0, &h) == ST_OK && h.slots == 0);
	CHECK(swap_layout(SWAP_PAGE_SIZE + 1, &h) == ST_INVAL);
	CHECK(swap_layout((SWAP_MAX_SLOTS + 1ull) * SWAP_PAGE_SIZE, &h) == ST_RANGE);
}

static void test_format(void)
{
	const struct swap_header *h;

	CHECK(ram_disk_format(&sa, &disk, 100) == ST_OK);
	h = (const void *)disk.data;
	CHECK(memcmp(h, &sa.hdr, sizeof(*h)) == 0);
	CHECK(swap_check_header(h, disk.sectors) == ST_OK);
	CHECK(swap_slots(&sa) == 100 && sa.used == 0);
	/* The rest of sector 0 is zero; the map is empty (all zero). */
	for (unsigned i = sizeof(*h); i < SWAP_SECTOR_SIZE; i++)
		CHECK(disk.data[i] == 0);
	for (unsigned i = 0; i < 100; i++)
		CHECK(disk_map(&disk)[i].state == SWAP_SLOT_FREE);
	CHECK(disk_map_matches(&sa, &disk));
}

static void test_check_header(void)
{
	struct swap_header h;

	CHECK(ram_disk_format(&sa, &disk, 10) == ST_OK);
	h = sa.hdr;
	CHECK(swap_check_header(&h, disk.sectors - 1) == ST_RANGE);
	h.magic ^= 1;
	CHECK(swap_check_header(&h, disk.sectors) == ST_INVAL);
	h = sa.hdr;
	h.version = 2;
	CHECK(swap_check_header(&h, disk.sectors) == ST_INVAL);
	h = sa.hdr;
	h.slots_lba++;
	CHECK(swap_check_header(&h, disk.sectors) == ST_INVAL);
	h = sa.hdr;
	h.reserved[1] = 1;
	CHECK(swap_check_header(&h, disk.sectors) == ST_INVAL);
}

static void test_disk_too_small(void)
{
	struct swap_dev dev = ram_disk_make(&disk, 50);
	slot_t s;

	dev.sectors--;
	CHECK(swap_init(&sa, &dev, 50 * SWAP_PAGE_SIZE) == ST_RANGE);
	CHECK(swap_slots(&sa) == 0);
	CHECK(swap_alloc(&sa, &s) == ST_FULL);
	/* Nothing was written to a disk that was refused. */
	CHECK(disk.data[0] == 0xee);
	dev.sectors++;
	CHECK(swap_init(&sa, &dev, 50 * SWAP_PAGE_SIZE) == ST_OK);
	CHECK(swap_init(&sa, &dev, (SWAP_MAX_SLOTS + 1ull) * SWAP_PAGE_SIZE) == ST_RANGE);
}

static void test_alloc_until_full(void)
{
	slot_t s;
	bool in_order = true;

	/* 100 slots: the last bitmap word is only partly slots. */
	CHECK(ram_disk_format(&sa, &disk, 100) == ST_OK);
	for (slot_t i = 0; i < 100; i++)
		in_order &= swap_alloc(&sa, &s) == ST_OK && s == i;
	CHECK(in_order);
	CHECK(sa.used == 100);
	CHECK(swap_alloc(&sa, &s) == ST_FULL);
	CHECK(swap_free(&sa, 70) == ST_OK);
	CHECK(swap_free(&sa, 5) == ST_OK);
	CHECK(sa.used == 98);
	/* Lowest first, whatever the order of the frees. */
	CHECK(swap_alloc(&sa, &s) == ST_OK && s == 5);
	CHECK(swap_alloc(&sa, &s) == ST_OK && s == 70);
	CHECK(swap_alloc(&sa, &s) == ST_FULL);
}

static void test_alloc_max_area(void)
{
	slot_t s;
	bool in_order = true;

	CHECK(ram_disk_format(&sa, &disk, SWAP_MAX_SLOTS) == ST_OK);
	for (slot_t i = 0; i < SWAP_MAX_SLOTS; i++)
		in_order &= swap_alloc(&sa, &s) == ST_OK && s == i;
	CHECK(in_order);
	CHECK(swap_alloc(&sa, &s) == ST_FULL);
	CHECK(swap_free(&sa, SWAP_MAX_SLOTS - 1) == ST_OK);
	CHECK(swap_alloc(&sa, &s) == ST_OK && s == SWAP_MAX_SLOTS - 1);
}

static void test_empty_area(void)
{
	slot_t s;

	CHECK(ram_disk_format(&sa, &disk, 0) == ST_OK);
	CHECK(swap_alloc(&sa, &s) == ST_FULL);
	CHECK(swap_check_header((const void *)disk.data, disk.sectors) == ST_OK);
}

static void test_round_trip(void)
{
	uint8_t page[SWAP_PAGE_SIZE];
	slot_t slots[20];
	bool all = true;

	CHECK(ram_disk_format(&sa, &disk, 20) == ST_OK);
	for (unsigned i = 0; i < 20; i++)
		slots[i] = put(&sa, 1, 1000 + i);
	for (unsigned i = 0; i < 20; i++)
		all &= swap_read(&sa, slots[i], page) == ST_OK &&
		       page_is(page, 1000 + i);
	CHECK(all);
	CHECK(sa.writes == 20 && sa.reads == 20 && sa.errors == 0);
	/* Freed and reused: the new page replaces the old one. */
	CHECK(swap_free(&sa, slots[3]) == ST_OK);
	CHECK(put(&sa, 2, 77) == slots[3]);
	CHECK(swap_read(&sa, slots[3], page) == ST_OK && page_is(page, 77));
}

static void test_map_on_disk(void)
{
	const struct swap_map_entry *m;
	slot_t s;

	CHECK(ram_disk_format(&sa, &disk, 40) == ST_OK);
	put(&sa, 3, 0x123);
	put(&sa, 7, 0xabcdef);
	put(&sa, 3, 0x124);
	CHECK(swap_alloc(&sa, &s) == ST_OK && s == 3);  /* reserved only */
	CHECK(swap_free(&sa, 1) == ST_OK);
	m = disk_map(&disk);
	CHECK(m[0].state == SWAP_SLOT_USED && m[0].guest == 3 && m[0].gfn == 0x123);
	CHECK(m[1].state == SWAP_SLOT_FREE && m[1].gfn == 0 && m[1].guest == 0);
	CHECK(m[2].state == SWAP_SLOT_USED && m[2].guest == 3 && m[2].gfn == 0x124);
	CHECK(m[3].state == SWAP_SLOT_FREE);    /* reserved is free on disk */
	CHECK(m[0].reserved == 0);
	CHECK(disk_map_matches(&sa, &disk));
	/* Freeing a reserved slot needs no disk write: it works on a bad disk. */
	disk.fail_write_lba = sa.hdr.map_lba;
	CHECK(swap_free(&sa, 3) == ST_OK);
	CHECK(sa.used == 2);
}

static void test_misuse(void)
{
	uint8_t page[SWAP_PAGE_SIZE] = { 0 };
	slot_t s;

	CHECK(ram_disk_format(&sa, &disk, 8) == ST_OK);
	CHECK(swap_write(&sa, 0, page, 1, 1) == ST_NOENT);      /* not reserved */
	CHECK(swap_read(&sa, 0, page) == ST_NOENT);
	CHECK(swap_free(&sa, 0) == ST_NOENT);
	CHECK(swap_read(&sa, 8, page) == ST_RANGE);
	CHECK(swap_free(&sa, 8) == ST_RANGE);
	CHECK(swap_write(&sa, 8, page, 1, 1) == ST_RANGE);
	s = put(&sa, 1, 1);
	CHECK(swap_write(&sa, s, page, 1, 2) == ST_EXIST);
	CHECK(swap_read(&sa, s, page) == ST_OK && page_is(page, 1));
	CHECK(sa.errors == 0);
}

static void test_injected_write_error(void)
{
	uint8_t page[SWAP_PAGE_SIZE], *before;
	slot_t s;

	CHECK(ram_disk_format(&sa, &disk, 16) == ST_OK);
	sa.fail_write_at = 2;
	put(&sa, 1, 10);
	before = malloc(disk.sectors * SWAP_SECTOR_SIZE);
	memcpy(before, disk.data, disk.sectors * SWAP_SECTOR_SIZE);
	fill_page(page, 11);
	CHECK(swap_alloc(&sa, &s) == ST_OK && s == 1);
	CHECK(swap_write(&sa, s, page, 1, 11) == ST_IO);
	/* Nothing changed: the disk, the map, the counters but errors. */
	CHECK(memcmp(before, disk.data, disk.sectors * SWAP_SECTOR_SIZE) == 0);
	CHECK(sa.map[s].state == SWAP_SLOT_FREE);
	CHECK(sa.writes == 1 && sa.errors == 1 && sa.used == 2);
	/* Only the second write fails: the retry goes through. */
	CHECK(swap_write(&sa, s, page, 1, 11) == ST_OK);
	CHECK(swap_read(&sa, s, page) == ST_OK && page_is(page, 11));
	CHECK(swap_read(&sa, 0, page) == ST_OK && page_is(page, 10));
	CHECK(disk_map_matches(&sa, &disk));
	free(before);
}

static void test_injected_read_error(void)
{
	uint8_t page[SWAP_PAGE_SIZE];
	slot_t s;

	CHECK(ram_disk_format(&sa, &disk, 16) == ST_OK);
	sa.fail_read_at = 1;
	s = put(&sa, 4, 0x44);
	memset(page, 0x5a, sizeof(page));
	CHECK(swap_read(&sa, s, page) == ST_IO);
	CHECK(page[0] == 0x5a && page[SWAP_PAGE_SIZE - 1] == 0x5a);
	CHECK(sa.errors == 1 && sa.reads == 0);
	/* The slot still holds the page: a second read returns it. */
	CHECK(sa.map[s].state == SWAP_SLOT_USED && sa.used == 1);
	CHECK(swap_read(&sa, s, page) == ST_OK && page_is(page, 0x44));
	CHECK(sa.reads == 1);
}

static void test_device_data_error(void)
{
	uint8_t page[SWAP_PAGE_SIZE];
	slot_t s;

	CHECK(ram_disk_format(&sa, &disk, 16) == ST_OK);
	CHECK(swap_alloc(&sa, &s) == ST_OK);
	disk.fail_write_lba = sa.hdr.slots_lba + 8ull * s + 7;
	fill_page(page, 9);
	CHECK(swap_write(&sa, s, page, 1, 9) == ST_IO);
	CHECK(sa.map[s].state == SWAP_SLOT_FREE && sa.errors == 1);
	CHECK(disk_map_matches(&sa, &disk));
}

/* The page reached the disk but its map entry did not. */
static void test_map_write_error(void)
{
	uint8_t page[SWAP_PAGE_SIZE];
	slot_t s, t;

	CHECK(ram_disk_format(&sa, &disk, 16) == ST_OK);
	s = put(&sa, 2, 20);
	CHECK(swap_alloc(&sa, &t) == ST_OK);
	disk.fail_write_lba = sa.hdr.map_lba;
	fill_page(page, 21);
	CHECK(swap_write(&sa, t, page, 2, 21) == ST_IO);
	CHECK(sa.map[t].state == SWAP_SLOT_FREE && sa.writes == 1);
	/* A used slot whose map entry cannot be cleared stays used. */
	CHECK(swap_free(&sa, s) == ST_IO);
	CHECK(sa.map[s].state == SWAP_SLOT_USED && sa.used == 2);
	CHECK(sa.errors == 2);
	CHECK(disk_map_matches(&sa, &disk));
	CHECK(swap_read(&sa, s, page) == ST_OK && page_is(page, 20));
	disk.fail_write_lba = NO_FAIL;
	CHECK(swap_free(&sa, s) == ST_OK);
	CHECK(disk_map_matches(&sa, &disk));
}

/* One sequence of operations, used twice. */
static void run_sequence(struct swap_area *a)
{
	slot_t s;

	for (unsigned i = 0; i < 50; i++)
		put(a, (uint16_t)(i % 3), i * 3);
	for (slot_t i = 0; i < 50; i += 7)
		swap_free(a, i);
	for (unsigned i = 0; i < 10; i++)
		put(a, 9, 500 + i);
	swap_alloc(a, &s);
}

/* The paging areas follow the last slot, in guest order; raw transfers
 * reach them and never the swap area. */
static void test_paging_areas(void)
{
	uint64_t bytes[3] = { 2 * SWAP_PAGE_SIZE, 0, SWAP_PAGE_SIZE }, lba[3];
	uint8_t page[SWAP_PAGE_SIZE] = { 7 }, back[SWAP_PAGE_SIZE];
	struct swap_dev dev = ram_disk_make(&disk, 16 + 3);
	uint64_t end;

	CHECK(swap_init(&sa, &dev, 16 * SWAP_PAGE_SIZE) == ST_OK);
	end = swap_paging_layout(&sa.hdr, bytes, 3, lba);
	CHECK(lba[0] == swap_area_sectors(&sa.hdr));
	CHECK(lba[1] == lba[0] + 16 && lba[2] == lba[1] && end == lba[2] + 8);
	CHECK(end == dev.sectors);
	CHECK(swap_dev_write(&sa, lba[2], page, 8) == ST_OK);
	CHECK(swap_dev_read(&sa, lba[2], back, 8) == ST_OK && back[0] == 7);
	CHECK(swap_dev_write(&sa, lba[0] - 8, page, 8) == ST_RANGE);
	CHECK(swap_dev_read(&sa, 0, back, 8) == ST_RANGE);
	CHECK(swap_dev_read(&sa, end - 4, back, 8) == ST_RANGE);
	CHECK(swap_dev_read(&sa, ~0ull - 3, back, 8) == ST_RANGE);
	sa.fail_read_at = sa.read_tries + 1;
	CHECK(swap_dev_read(&sa, lba[2], back, 8) == ST_IO && sa.errors == 1);
	sa.fail_write_at = sa.write_tries + 1;
	CHECK(swap_dev_write(&sa, lba[2], page, 8) == ST_IO && sa.errors == 2);
}

static void test_determinism(void)
{
	CHECK(ram_disk_format(&sa, &disk, 64) == ST_OK);
	CHECK(ram_disk_format(&sa2, &disk2, 64) == ST_OK);
	run_sequence(&sa);
	run_sequence(&sa2);
	CHECK(disk.sectors == disk2.sectors);
	CHECK(memcmp(disk.data, disk2.data, disk.sectors * SWAP_SECTOR_SIZE) == 0);
	CHECK(memcmp(sa.map, sa2.map, sizeof(sa.map)) == 0);
	CHECK(memcmp(sa.bitmap, sa2.bitmap, sizeof(sa.bitmap)) == 0);
	CHECK(sa.used == 50 - 8 + 10 + 1);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "layout of an area", test_layout },
		{ "format writes header and empty map", test_format },
		{ "header check", test_check_header },
		{ "disk too small refused", test_disk_too_small },
		{ "alloc lowest first until full", test_alloc_until_full },
		{ "alloc a 256 MiB area until full", test_alloc_max_area },
		{ "empty area", test_empty_area },
		{ "page round trip", test_round_trip },
		{ "on-disk map after changes", test_map_on_disk },
		{ "misuse refused", test_misuse },
		{ "injected write error changes nothing", test_injected_write_error },
		{ "injected read error loses nothing", test_injected_read_error },
		{ "device error on a page write", test_device_data_error },
		{ "device error on a map write", test_map_write_error },
		{ "paging areas past the last slot", test_paging_areas },
		{ "determinism", test_determinism },
	};
	int rc = CHECK_RUN("swap", tests);

	free(disk.data);
	free(disk2.data);
	return rc;
}
