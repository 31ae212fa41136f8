/*
 * The virtio-mmio transport, version 2 (hv/dev/virtio_mmio.h). Register
 * names and offsets from the virtio 1.x specification, section 4.2.2.
 */
#include "hv/dev/virtio_mmio.h"

#include "hv/lib/string.h"

#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc

#define MAGIC 0x74726976u   /* "virt" */
#define VENDOR 0x54534c42u  /* "BLST" */
#define LOW32 0xffffffffull

_Static_assert(VIRTIO_MMIO_CONFIG_GENERATION < VIRTIO_MMIO_CONFIG, "registers before config");

void virtio_mmio_init(struct virtio_mmio *d, const struct virtio_device_ops *ops,
		      const struct guest_mem *mem)
{
	memset(d, 0, sizeof(*d));
	d->ops = ops;
	d->mem = *mem;
}

static void reset(struct virtio_mmio *d)
{
	const struct virtio_device_ops *ops = d->ops;
	struct guest_mem mem = d->mem;
	uint32_t generation = d->config_generation;

	virtio_mmio_init(d, ops, &mem);
	d->config_generation = generation;
	if (ops->reset)
		ops->reset(d);
}

/* sel_queue: the queue QueueSel names, NULL past the device's queues. */
static struct virtq *sel_queue(struct virtio_mmio *d)
{
	return d->queue_sel < d->ops->nr_queues ? &d->q[d->queue_sel] : NULL;
}

static uint32_t half(uint64_t v, uint32_t sel)
{
	return sel == 0 ? (uint32_t)v : sel == 1 ? (uint32_t)(v >> 32) : 0;
}

static uint32_t reg_read(struct virtio_mmio *d, uint32_t off)
{
	struct virtq *q = sel_queue(d);

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE: return MAGIC;
	case VIRTIO_MMIO_VERSION: return 2;
	case VIRTIO_MMIO_DEVICE_ID: return d->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID: return VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES: return half(d->ops->features, d->device_features_sel);
	case VIRTIO_MMIO_QUEUE_NUM_MAX: return q ? VIRTQ_NUM_MAX : 0;
	case VIRTIO_MMIO_QUEUE_READY: return q ? q->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS: return d->interrupt_status;
	case VIRTIO_MMIO_STATUS: return d->status;
	case VIRTIO_MMIO_CONFIG_GENERATION: return d->config_generation;
	default: return 0;
	}
}

/* set_half: the low or high 32 bits of *FIELD. */
static void set_half(uint64_t *field, bool high, uint32_t v)
{
	*field = high ? (*field & LOW32) | (uint64_t)v << 32 : (*field & ~LOW32) | v;
}

/* queue_write: the queue set-up registers; a ready queue is left alone. */
static int queue_write(struct virtio_mmio *d, uint32_t off, uint32_t v)
{
	struct virtq *q = sel_queue(d);

	if (!q)
		return ST_OK;
	if (q->ready) {
		if (off == VIRTIO_MMIO_QUEUE_READY && v == 0)
			q->ready = false;
		return ST_OK;
	}
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM: q->num = v > VIRTQ_NUM_MAX ? 0 : (uint16_t)v; break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW: set_half(&q->desc, false, v); break;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH: set_half(&q->desc, true, v); break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW: set_half(&q->avail, false, v); break;
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: set_half(&q->avail, true, v); break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW: set_half(&q->used, false, v); break;
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: set_half(&q->used, true, v); break;
	case VIRTIO_MMIO_QUEUE_READY:
		if (v == 0)
			break;
		if (virtq_check(q, &d->mem) != ST_OK)
			return ST_INVAL; /* rings outside the guest: stop it */
		q->ready = true;
		break;
	default: break;
	}
	return ST_OK;
}

/* status_write: FEATURES_OK holds only for features offered, VERSION_1 in. */
static void status_write(struct virtio_mmio *d, uint32_t v)
{
	if (v == 0) {
		reset(d);
		return;
	}
	if ((v & VIRTIO_STATUS_FEATURES_OK) &&
	    ((d->driver_features & ~d->ops->features) != 0 ||
	     !(d->driver_features & VIRTIO_F_VERSION_1)))
		v &= ~VIRTIO_STATUS_FEATURES_OK;
	d->status = v;
}

static int reg_write(struct virtio_mmio *d, uint32_t off, uint32_t v)
{
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL: d->device_features_sel = v; return ST_OK;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL: d->driver_features_sel = v; return ST_OK;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (d->driver_features_sel < 2 && !(d->status & VIRTIO_STATUS_FEATURES_OK))
			set_half(&d->driver_features, d->driver_features_sel == 1, v);
		return ST_OK;
	case VIRTIO_MMIO_QUEUE_SEL: d->queue_sel = v; return ST_OK;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		d->notifies++;
		if (v >= d->ops->nr_queues || !d->q[v].ready || !virtio_mmio_live(d))
			return ST_OK; /* nothing set up to look at */
		return d->ops->notify(d, v);
	case VIRTIO_MMIO_INTERRUPT_ACK: d->interrupt_status &= ~v; return ST_OK;
	case VIRTIO_MMIO_STATUS: status_write(d, v); return ST_OK;
	default: return queue_write(d, off, v);
	}
}

/* config_access: SIZE bytes at config offset OFF fit a 4-byte field. */
static bool config_access(const struct virtio_mmio *d, uint32_t off, unsigned size)
{
	return (size == 1 || size == 2 || size == 4) && off % size == 0 &&
	       off + size <= d->ops->config_size;
}

int virtio_mmio_read(struct virtio_mmio *d, uint32_t off, unsigned size, uint64_t *val)
{
	if (off >= VIRTIO_MMIO_CONFIG) {
		off -= VIRTIO_MMIO_CONFIG;
		if (!config_access(d, off, size))
			return ST_INVAL;
		uint32_t word = d->ops->config_read(d, off & ~3u);

		*val = (word >> (8 * (off & 3))) & (size == 4 ? LOW32 : (1ull << (8 * size)) - 1);
		return ST_OK;
	}
	if (size != 4 || off % 4 != 0)
		return ST_INVAL;
	*val = reg_read(d, off);
	return ST_OK;
}

int virtio_mmio_write(struct virtio_mmio *d, uint32_t off, unsigned size, uint64_t val)
{
	if (off >= VIRTIO_MMIO_CONFIG) {
		off -= VIRTIO_MMIO_CONFIG;
		if (size != 4 || !config_access(d, off, size))
			return ST_INVAL; /* balloon's writable field is 32 bits */
		d->ops->config_write(d, off, (uint32_t)val);
		return ST_OK;
	}
	if (size != 4 || off % 4 != 0)
		return ST_INVAL;
	return reg_write(d, off, (uint32_t)val);
}

bool virtio_mmio_irq(const struct virtio_mmio *d)
{
	return d->interrupt_status != 0;
}

void virtio_mmio_config_changed(struct virtio_mmio *d)
{
	d->config_generation++;
	if (virtio_mmio_live(d))
		d->interrupt_status |= VIRTIO_MMIO_INT_CONFIG;
}

void virtio_mmio_used(struct virtio_mmio *d)
{
	d->interrupt_status |= VIRTIO_MMIO_INT_VRING;
}

bool virtio_mmio_live(const struct virtio_mmio *d)
{
	return (d->status & VIRTIO_STATUS_DRIVER_OK) && !(d->status & VIRTIO_STATUS_FAILED);
}
