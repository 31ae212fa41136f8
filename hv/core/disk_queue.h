/*
 * The one disk queue (docs/design.md section 6): the hypervisor's swap-ins
 * and swap-outs and the guests' block I/O share the swap disk, served in
 * the order they come, one at a time, each taking its bytes at the
 * scenario's swap bandwidth on the run's clock (clock.h), whatever the
 * device itself took: the data moves at once, and the time is the
 * queue's. A request that finds the disk busy waits behind the others.
 * Plain arithmetic on cycles the caller passes, so host tests run it.
 */
#ifndef HV_CORE_DISK_QUEUE_H
#define HV_CORE_DISK_QUEUE_H

#include <stdint.h>

struct disk_queue {
	uint64_t cycles_per_page;  /* a 4 KiB transfer at the bandwidth */
	uint64_t busy_until;       /* the cycle the last request completes */
	uint64_t committed;        /* busy cycles of every request so far */
	uint64_t requests, pages;
	uint64_t wait_cycles;      /* behind earlier requests, summed */
	uint64_t max_wait_cycles;
};

/* A disk of bytes_per_s on a clock of hz cycles per second. */
void disk_queue_init(struct disk_queue *q, uint64_t bytes_per_s, uint64_t hz);

/* A request of pages made at cycle now: returns the cycle it completes. */
uint64_t disk_queue_add(struct disk_queue *q, uint64_t now, uint64_t pages);

/* Cycles the disk was busy from the start up to cycle now (at or after
 * every request's arrival). */
uint64_t disk_queue_busy(const struct disk_queue *q, uint64_t now);

/* The machine's one swap disk, on the run's clock: set up with the
 * scenario's bandwidth (before it, and in host tests, requests cost no
 * time). disk_request puts pages of I/O on it now and returns the cycle
 * they are done. */
void disk_init(uint64_t bytes_per_s);
uint64_t disk_request(uint64_t pages);
const struct disk_queue *disk(void);

#endif
