/*
 * virtio-balloon (hv/dev/virtio_balloon.h). Names from the virtio 1.x
 * specification, section 5.5: struct virtio_balloon_config, the PFN
 * arrays of the inflate and deflate queues, struct virtio_balloon_stat.
 */
#include "hv/dev/virtio_balloon.h"

#include <ballast/hypercall.h>

#include "hv/lib/string.h"

#define CONFIG_NUM_PAGES 0u
#define CONFIG_ACTUAL 4u
#define CONFIG_SIZE 8u
#define STAT_SIZE 10u /* le16 tag, le64 val, packed */
#define VIRTIO_BALLOON_S_CACHES 7u

_Static_assert(VIRTIO_MMIO_CONFIG + CONFIG_SIZE <= VIRTIO_MMIO_WINDOW, "config fits");

static struct virtio_balloon *of(struct virtio_mmio *d)
{
	return (struct virtio_balloon *)d; /* mmio is the first member */
}

static uint32_t config_read(struct virtio_mmio *d, uint32_t off)
{
	return off == CONFIG_NUM_PAGES ? of(d)->num_pages : of(d)->actual;
}

static void config_write(struct virtio_mmio *d, uint32_t off, uint32_t val)
{
	if (off == CONFIG_ACTUAL)
		of(d)->actual = val; /* num_pages is the device's */
}

/*
 * one_list: takes the next list of queue Q to the host. ST_NOENT when the
 * queue is empty, ST_FULL when the host has to wait (the list stays).
 */
static int one_list(struct virtio_balloon *b, unsigned q)
{
	static uint32_t pfns[VIRTIO_BALLOON_PFNS_MAX];
	static uint64_t gfns[VIRTIO_BALLOON_PFNS_MAX];
	struct virtq *vq = &b->mmio.q[q];
	uint16_t head;
	size_t got;
	int st = virtq_pop(vq, &b->mmio.mem, &head);

	if (st == ST_OK)
		st = virtq_read_chain(vq, &b->mmio.mem, head, pfns, sizeof(pfns), &got);
	if (st != ST_OK)
		return st;
	if (got % sizeof(pfns[0]) != 0)
		return ST_INVAL;
	unsigned n = (unsigned)(got / sizeof(pfns[0]));

	for (unsigned i = 0; i < n; i++)
		gfns[i] = pfns[i];
	st = n ? b->host.balloon(b->host.ctx, q == VIRTIO_BALLOON_INFLATEQ, gfns, n) : ST_OK;
	if (st == ST_FULL) {
		vq->last_avail--; /* taken again at the next poll */
		return ST_FULL;
	}
	if (st != ST_OK)
		return st;
	b->lists++;
	if (q == VIRTIO_BALLOON_INFLATEQ)
		b->pages_inflated += n;
	else
		b->pages_deflated += n;
	return virtq_push(vq, &b->mmio.mem, head, 0);
}

/* lists: every list queue Q has; the ring bounds them to its size. */
static int lists(struct virtio_balloon *b, unsigned q)
{
	int st = ST_OK;
	bool any = false;

	b->waiting[q] = false;
	for (unsigned i = 0; i < b->mmio.q[q].num && st == ST_OK; i++) {
		st = one_list(b, q);
		any |= st == ST_OK;
	}
	if (any)
		virtio_mmio_used(&b->mmio);
	if (st == ST_FULL)
		b->waiting[q] = true;
	return st == ST_NOENT || st == ST_FULL ? ST_OK : st;
}

/* stat_value: VAL in Ballast's units: the memory sizes are bytes in virtio. */
static uint64_t stat_value(uint16_t tag, uint64_t val)
{
	if (tag == BALLOON_S_MEMFREE || tag == BALLOON_S_MEMTOT || tag == BALLOON_S_AVAIL ||
	    tag == VIRTIO_BALLOON_S_CACHES)
		return val >> PAGE_SHIFT;
	return val;
}

/* stats: the driver's buffer of stats, kept until the next poll asks again. */
static int stats(struct virtio_balloon *b)
{
	uint8_t buf[VIRTIO_BALLOON_STATS_MAX * STAT_SIZE];
	struct virtq *vq = &b->mmio.q[VIRTIO_BALLOON_STATSQ];
	uint16_t head;
	size_t got;
	int st;

	st = virtq_pop(vq, &b->mmio.mem, &head);
	if (st == ST_NOENT)
		return ST_OK;
	if (st == ST_OK && b->stats_held)
		return ST_INVAL; /* a second buffer before we gave one back */
	b->stats_head = head;
	if (st == ST_OK)
		st = virtq_read_chain(vq, &b->mmio.mem, b->stats_head, buf, sizeof(buf), &got);
	if (st != ST_OK)
		return st;
	b->stats_held = true;
	for (size_t at = 0; at + STAT_SIZE <= got; at += STAT_SIZE) {
		uint16_t tag;
		uint64_t val;

		memcpy(&tag, buf + at, sizeof(tag));
		memcpy(&val, buf + at + 2, sizeof(val));
		b->host.stat(b->host.ctx, tag, stat_value(tag, val));
	}
	return ST_OK;
}

static int notify(struct virtio_mmio *d, unsigned q)
{
	return q == VIRTIO_BALLOON_STATSQ ? stats(of(d)) : lists(of(d), q);
}

static void reset(struct virtio_mmio *d)
{
	struct virtio_balloon *b = of(d);

	b->actual = 0;
	b->stats_held = false;
	b->waiting[0] = b->waiting[1] = false;
}

static const struct virtio_device_ops balloon_ops = {
	.device_id = VIRTIO_ID_BALLOON,
	.features = VIRTIO_F_VERSION_1 | VIRTIO_BALLOON_F_MUST_TELL_HOST | VIRTIO_BALLOON_F_STATS_VQ,
	.nr_queues = 3,
	.config_size = CONFIG_SIZE,
	.config_read = config_read,
	.config_write = config_write,
	.notify = notify,
	.reset = reset,
};

void virtio_balloon_init(struct virtio_balloon *b, const struct guest_mem *mem,
			 const struct virtio_balloon_host *host)
{
	memset(b, 0, sizeof(*b));
	virtio_mmio_init(&b->mmio, &balloon_ops, mem);
	b->host = *host;
}

void virtio_balloon_set_target(struct virtio_balloon *b, uint32_t pages)
{
	if (pages == b->num_pages)
		return;
	b->num_pages = pages;
	virtio_mmio_config_changed(&b->mmio);
}

int virtio_balloon_poll(struct virtio_balloon *b)
{
	int st = ST_OK;

	if (!virtio_mmio_live(&b->mmio))
		return ST_OK;
	for (unsigned q = VIRTIO_BALLOON_INFLATEQ; q <= VIRTIO_BALLOON_DEFLATEQ && st == ST_OK; q++) {
		if (b->waiting[q])
			st = lists(b, q);
	}
	if (st == ST_OK && b->stats_held) {
		b->stats_held = false;
		st = virtq_push(&b->mmio.q[VIRTIO_BALLOON_STATSQ], &b->mmio.mem, b->stats_head, 0);
		if (st == ST_OK)
			virtio_mmio_used(&b->mmio);
	}
	return st;
}
