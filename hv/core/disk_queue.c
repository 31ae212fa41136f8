/* The disk queue's arithmetic, and the machine's one disk (see
 * disk_queue.h). */
#include "hv/core/disk_queue.h"

#include "hv/core/clock.h"

#define PAGE_BYTES 4096u

void disk_queue_init(struct disk_queue *q, uint64_t bytes_per_s, uint64_t hz)
{
	*q = (struct disk_queue){ 0 };
	/* rounded up, so a disk never moves more than its bandwidth */
	q->cycles_per_page = bytes_per_s
		? (hz * PAGE_BYTES + bytes_per_s - 1) / bytes_per_s : 0;
}

uint64_t disk_queue_add(struct disk_queue *q, uint64_t now, uint64_t pages)
{
	uint64_t start = q->busy_until > now ? q->busy_until : now;
	uint64_t cost = pages * q->cycles_per_page;

	q->wait_cycles += start - now;
	if (start - now > q->max_wait_cycles)
		q->max_wait_cycles = start - now;
	q->busy_until = start + cost;
	q->committed += cost;
	q->requests++;
	q->pages += pages;
	return q->busy_until;
}

/* Requests are served back to back from their arrival, so what is not
 * done yet is the tail from now to busy_until. */
uint64_t disk_queue_busy(const struct disk_queue *q, uint64_t now)
{
	uint64_t ahead = q->busy_until > now ? q->busy_until - now : 0;

	return q->committed - ahead;
}

static struct disk_queue the_disk;

void disk_init(uint64_t bytes_per_s)
{
	disk_queue_init(&the_disk, bytes_per_s, clock_hz());
}

uint64_t disk_request(uint64_t pages)
{
	return disk_queue_add(&the_disk, clock_cycles(), pages);
}

const struct disk_queue *disk(void)
{
	return &the_disk;
}
