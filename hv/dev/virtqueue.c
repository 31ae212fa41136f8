/*
 * The split virtqueue (hv/dev/virtqueue.h). Layouts from the virtio 1.x
 * specification, section 2.6: struct virtq_desc, virtq_avail (flags,
 * idx, ring[num]) and virtq_used (flags, idx, ring[num] of {id, len}),
 * little-endian like the host. No event index is offered, so the rings
 * end where the specification says they do without it.
 */
#include "hv/dev/virtqueue.h"

#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
#define DESC_SIZE 16u
#define DESC_ALIGN 16u
#define AVAIL_ALIGN 2u
#define USED_ALIGN 4u
#define RING_HEADER 4u /* flags, idx */
#define AVAIL_ENTRY 2u
#define USED_ENTRY 8u

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
_Static_assert(sizeof(struct virtq_desc) == DESC_SIZE, "virtq_desc layout");

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};
_Static_assert(sizeof(struct virtq_used_elem) == USED_ENTRY, "virtq_used_elem layout");

/* ring_ok: LEN bytes at GPA, aligned to ALIGN, are guest memory. */
static bool ring_ok(const struct guest_mem *m, gpa_t gpa, size_t len, unsigned align)
{
	uint8_t b;

	if (gpa % align != 0 || gpa + len < gpa)
		return false;
	/* the first and last byte of each page: a ring is at most 4 KiB */
	for (gpa_t at = gpa; at < gpa + len; at = (at | PAGE_MASK) + 1) {
		if (m->read(m->ctx, at, &b, 1) != ST_OK)
			return false;
	}
	return m->read(m->ctx, gpa + len - 1, &b, 1) == ST_OK;
}

int virtq_check(const struct virtq *q, const struct guest_mem *m)
{
	if (q->num == 0 || q->num > VIRTQ_NUM_MAX || (q->num & (q->num - 1)) != 0)
		return ST_INVAL;
	if (!ring_ok(m, q->desc, (size_t)q->num * DESC_SIZE, DESC_ALIGN) ||
	    !ring_ok(m, q->avail, RING_HEADER + (size_t)q->num * AVAIL_ENTRY, AVAIL_ALIGN) ||
	    !ring_ok(m, q->used, RING_HEADER + (size_t)q->num * USED_ENTRY, USED_ALIGN))
		return ST_INVAL;
	return ST_OK;
}

int virtq_pop(struct virtq *q, const struct guest_mem *m, uint16_t *head)
{
	uint16_t idx;
	int st = m->read(m->ctx, q->avail + 2, &idx, sizeof(idx));

	if (st != ST_OK)
		return st;
	if (idx == q->last_avail)
		return ST_NOENT;
	if ((uint16_t)(idx - q->last_avail) > q->num)
		return ST_INVAL; /* more entries than the ring holds */
	st = m->read(m->ctx, q->avail + RING_HEADER + (q->last_avail % q->num) * AVAIL_ENTRY,
		     head, sizeof(*head));
	if (st != ST_OK)
		return st;
	if (*head >= q->num)
		return ST_INVAL;
	q->last_avail++;
	return ST_OK;
}

/* read_desc: descriptor I of Q, checked for what the device offers. */
static int read_desc(const struct virtq *q, const struct guest_mem *m, uint16_t i,
		     struct virtq_desc *d)
{
	int st;

	if (i >= q->num)
		return ST_INVAL;
	st = m->read(m->ctx, q->desc + (gpa_t)i * DESC_SIZE, d, sizeof(*d));
	if (st != ST_OK)
		return st;
	return (d->flags & VIRTQ_DESC_F_INDIRECT) ? ST_INVAL : ST_OK;
}

int virtq_read_chain(const struct virtq *q, const struct guest_mem *m, uint16_t head, void *dst,
		     size_t max, size_t *got)
{
	struct virtq_desc d = {.next = head, .flags = VIRTQ_DESC_F_NEXT};
	uint8_t *out = dst;
	bool writable = false;
	size_t n = 0;

	/* a chain visits each descriptor at most once: num steps at most */
	for (unsigned steps = 0; d.flags & VIRTQ_DESC_F_NEXT; steps++) {
		int st = steps < q->num ? read_desc(q, m, d.next, &d) : ST_INVAL;

		if (st != ST_OK)
			return st;
		if (d.flags & VIRTQ_DESC_F_WRITE) {
			writable = true;
			continue;
		}
		if (writable || d.len > max - n)
			return ST_INVAL;
		st = m->read(m->ctx, d.addr, out + n, d.len);
		if (st != ST_OK)
			return st;
		n += d.len;
	}
	*got = n;
	return ST_OK;
}

int virtq_push(struct virtq *q, const struct guest_mem *m, uint16_t head, uint32_t len)
{
	struct virtq_used_elem e = {.id = head, .len = len};
	gpa_t slot = q->used + RING_HEADER + (gpa_t)(q->used_idx % q->num) * USED_ENTRY;
	int st = m->write(m->ctx, slot, &e, sizeof(e));
	uint16_t idx = (uint16_t)(q->used_idx + 1);

	if (st == ST_OK)
		st = m->write(m->ctx, q->used + 2, &idx, sizeof(idx));
	if (st == ST_OK)
		q->used_idx = idx;
	return st;
}
