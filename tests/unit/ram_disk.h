/*
 * A RAM disk under a swap area for host tests (ram_disk.c): sized for an
 * area of so many slots, filled with 0xee, and able to refuse writes to
 * one sector so that a map update fails. (The area's own counters inject
 * page read and write errors: swap_area.fail_read_at, fail_write_at.)
 */
#ifndef TESTS_UNIT_RAM_DISK_H
#define TESTS_UNIT_RAM_DISK_H

#include "hv/mm/swap_area.h"

#define NO_FAIL UINT64_MAX

struct ram_disk {
	uint8_t *data;
	uint64_t sectors;
	uint64_t fail_write_lba;        /* NO_FAIL: every write succeeds */
};

/* (Re)makes rd with exactly the sectors an area of slots needs. */
struct swap_dev ram_disk_make(struct ram_disk *rd, uint32_t slots);

/* Makes rd and formats area a of slots on it. */
int ram_disk_format(struct swap_area *a, struct ram_disk *rd, uint32_t slots);

void ram_disk_free(struct ram_disk *rd);

#endif
