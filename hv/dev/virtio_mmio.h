/*
 * The virtio-mmio transport, version 2 (virtio 1.x, section 4.2): the
 * register window a driver finds a device by, negotiates features through
 * and sets up its virtqueues with. The device type behind it (virtio-
 * balloon, hv/dev/virtio_balloon.c) supplies its id, features, config
 * space and what a queue notification does. Pure code, host unit-tested.
 */
#ifndef HV_DEV_VIRTIO_MMIO_H
#define HV_DEV_VIRTIO_MMIO_H

#include "hv/dev/virtqueue.h"

#define VIRTIO_MMIO_WINDOW 0x200u /* registers and config space */
#define VIRTIO_MMIO_CONFIG 0x100u /* where the device's config starts */
#define VIRTIO_MMIO_QUEUES_MAX 4u

#define VIRTIO_F_VERSION_1 (1ull << 32)

/* InterruptStatus bits. */
#define VIRTIO_MMIO_INT_VRING 1u
#define VIRTIO_MMIO_INT_CONFIG 2u

/* Status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_FAILED 128u

struct virtio_mmio;

/* A device type: what the transport asks of it. Config offsets are from
 * the start of the config space; statuses stop the guest if not ST_OK. */
struct virtio_device_ops {
	uint32_t device_id;
	uint64_t features;  /* offered, VIRTIO_F_VERSION_1 included */
	unsigned nr_queues; /* at most VIRTIO_MMIO_QUEUES_MAX */
	uint32_t config_size;
	uint32_t (*config_read)(struct virtio_mmio *d, uint32_t off);
	void (*config_write)(struct virtio_mmio *d, uint32_t off, uint32_t val);
	int (*notify)(struct virtio_mmio *d, unsigned queue);
	void (*reset)(struct virtio_mmio *d);
};

struct virtio_mmio {
	const struct virtio_device_ops *ops;
	struct guest_mem mem;
	uint32_t status;
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint64_t driver_features;
	uint32_t interrupt_status;
	uint32_t config_generation;
	struct virtq q[VIRTIO_MMIO_QUEUES_MAX];
	uint64_t notifies; /* QueueNotify writes, for the exit counts */
};

void virtio_mmio_init(struct virtio_mmio *d, const struct virtio_device_ops *ops,
		      const struct guest_mem *mem);

/*
 * virtio_mmio_read, virtio_mmio_write: the driver's access of SIZE bytes
 * at offset OFF of the window. Registers take 4-byte aligned accesses
 * only, config space 1, 2 or 4 bytes; anything else, or an offset past
 * the window, is ST_INVAL (the guest is stopped: Linux never does that).
 * An unknown register reads 0 and ignores writes. A write's status is
 * the device's (a bad ring, a bad balloon list).
 */
int virtio_mmio_read(struct virtio_mmio *d, uint32_t off, unsigned size, uint64_t *val);
int virtio_mmio_write(struct virtio_mmio *d, uint32_t off, unsigned size, uint64_t val);

/* The device's interrupt line: high while InterruptStatus has a bit. */
bool virtio_mmio_irq(const struct virtio_mmio *d);

/* The device changed its config (a new balloon target): tell the driver. */
void virtio_mmio_config_changed(struct virtio_mmio *d);

/* virtio_mmio_used: the device put buffers on a used ring. */
void virtio_mmio_used(struct virtio_mmio *d);

/* Whether the driver finished setting up (DRIVER_OK, not FAILED). */
bool virtio_mmio_live(const struct virtio_mmio *d);

#endif
