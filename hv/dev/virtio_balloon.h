/*
 * virtio-balloon (virtio 1.x, section 5.5) behind the virtio-mmio
 * transport: an unmodified guest's own balloon driver. Config num_pages
 * is the policy's target, actual what the driver says it holds; the
 * inflate and deflate queues carry lists of 32-bit page numbers, which go
 * to the host's balloon code (the same as the stub's hypercalls: hv/mm/
 * balloon.c); the stats queue's values go to the host in Ballast's units
 * (include/ballast/hypercall.h: pages). Pure code, host unit-tested.
 */
#ifndef HV_DEV_VIRTIO_BALLOON_H
#define HV_DEV_VIRTIO_BALLOON_H

#include "hv/dev/virtio_mmio.h"

#define VIRTIO_ID_BALLOON 5u
#define VIRTIO_BALLOON_F_MUST_TELL_HOST (1ull << 0)
#define VIRTIO_BALLOON_F_STATS_VQ (1ull << 1)
#define VIRTIO_BALLOON_PFNS_MAX 256u /* Linux's VIRTIO_BALLOON_ARRAY_PFNS_MAX */
#define VIRTIO_BALLOON_STATS_MAX 16u

enum { VIRTIO_BALLOON_INFLATEQ, VIRTIO_BALLOON_DEFLATEQ, VIRTIO_BALLOON_STATSQ };

/*
 * What the host does with the driver's lists and stats. balloon returns
 * ST_OK when the N pages moved, ST_FULL when the host cannot take them
 * now (no page for a table: the list waits for the next poll), any other
 * status for a list the guest should not have sent (it is stopped).
 */
struct virtio_balloon_host {
	int (*balloon)(void *ctx, bool inflate, const uint64_t *gfns, unsigned n);
	void (*stat)(void *ctx, uint16_t tag, uint64_t val);
	void *ctx;
};

struct virtio_balloon {
	struct virtio_mmio mmio; /* first: the ops get it back from &mmio */
	struct virtio_balloon_host host;
	uint32_t num_pages, actual;
	bool stats_held;         /* the driver's stats buffer, to hand back */
	uint16_t stats_head;
	bool waiting[2];         /* a list the host could not take yet */
	uint64_t lists, pages_inflated, pages_deflated;
};

void virtio_balloon_init(struct virtio_balloon *b, const struct guest_mem *mem,
			 const struct virtio_balloon_host *host);

/* The policy's new target in pages: the driver is told when it changed. */
void virtio_balloon_set_target(struct virtio_balloon *b, uint32_t pages);

/* Once a tick: asks for fresh stats and retries lists that waited.
 * A status other than ST_OK stops the guest, as for a write. */
int virtio_balloon_poll(struct virtio_balloon *b);

#endif
