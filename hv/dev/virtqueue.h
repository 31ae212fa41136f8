/*
 * The split virtqueue (virtio 1.x, section 2.6): the descriptor table, the
 * driver's available ring and the device's used ring, all in guest memory.
 * Every access goes through the guest_mem callbacks, which check the
 * guest-physical address (the p2m), and every descriptor chain is bounded
 * by the queue's size, so a hostile ring can loop or point anywhere and
 * only get an error back. Pure code, host unit-tested.
 */
#ifndef HV_DEV_VIRTQUEUE_H
#define HV_DEV_VIRTQUEUE_H

#include "hv/lib/types.h"

#define VIRTQ_NUM_MAX 256u /* the largest queue the device offers */

/* Guest memory as the device sees it: reads and writes of guest-physical
 * bytes, refused (a negative status) outside what the guest holds. */
struct guest_mem {
	int (*read)(void *ctx, gpa_t gpa, void *dst, size_t len);
	int (*write)(void *ctx, gpa_t gpa, const void *src, size_t len);
	void *ctx;
};

struct virtq {
	uint16_t num;        /* QueueNum: entries in each ring */
	bool ready;          /* QueueReady */
	gpa_t desc, avail, used;
	uint16_t last_avail; /* the next available entry the device takes */
	uint16_t used_idx;   /* the device's copy of used->idx */
};

/*
 * virtq_check: whether the rings the driver set up can be used: a size
 * that is a power of two up to VIRTQ_NUM_MAX, and each ring aligned as
 * section 2.6 asks and inside guest memory. ST_INVAL otherwise.
 */
int virtq_check(const struct virtq *q, const struct guest_mem *m);

/* virtq_pop: the head of the next available chain; ST_NOENT if none. */
int virtq_pop(struct virtq *q, const struct guest_mem *m, uint16_t *head);

/*
 * virtq_read_chain: copies the device-readable buffers of the chain at
 * HEAD into DST (at most MAX bytes; *GOT how many). ST_INVAL for a chain
 * longer than the queue (a loop), an index past it, an indirect
 * descriptor (not offered), a readable buffer after a writable one, or
 * more bytes than MAX; the memory callbacks' status for a bad address.
 */
int virtq_read_chain(const struct virtq *q, const struct guest_mem *m, uint16_t head, void *dst,
		     size_t max, size_t *got);

/* virtq_push: returns chain HEAD to the driver, LEN bytes written. */
int virtq_push(struct virtq *q, const struct guest_mem *m, uint16_t head, uint32_t len);

#endif
