/*
 * Unit tests of virtio-mmio, the split virtqueue and virtio-balloon
 * (hv/dev/virtio_mmio.c, virtqueue.c, virtio_balloon.c), driven the way
 * Linux's virtio_mmio and virtio_balloon drivers drive them, over a small
 * fake guest memory: the probe's registers, feature negotiation, queue
 * set-up, an inflate and a deflate list reaching the host, the config
 * target and its interrupt, stats in Ballast's units; then each hostile
 * input refused: rings outside memory, descriptor loops, indices past the
 * ring, indirect descriptors, overlong lists, bad register accesses.
 */
#include "hv/dev/virtio_balloon.h"
#include "tests/unit/check.h"

#include <ballast/hypercall.h>
#include <string.h>

#define MEM_SIZE (64u * 1024)
#define QSIZE 8u
/* Each queue's rings: descriptors, avail, used, a page apart. */
#define DESC(q) (0x1000u + (q) * 0x3000u)
#define AVAIL(q) (DESC(q) + 0x1000u)
#define USED(q) (DESC(q) + 0x2000u)
#define BUF 0xc000u

static uint8_t mem[MEM_SIZE];
static struct virtio_balloon b;
static uint64_t got_gfns[VIRTIO_BALLOON_PFNS_MAX];
static unsigned got_n, host_calls;
static bool got_inflate;
static int host_answer;
static uint64_t stat_free, stat_total;

static int mem_read(void *ctx, gpa_t gpa, void *dst, size_t len)
{
	(void)ctx;
	if (gpa > MEM_SIZE || len > MEM_SIZE - gpa)
		return ST_RANGE;
	memcpy(dst, mem + gpa, len);
	return ST_OK;
}

static int mem_write(void *ctx, gpa_t gpa, const void *src, size_t len)
{
	(void)ctx;
	if (gpa > MEM_SIZE || len > MEM_SIZE - gpa)
		return ST_RANGE;
	memcpy(mem + gpa, src, len);
	return ST_OK;
}

static int host_balloon(void *ctx, bool inflate, const uint64_t *gfns, unsigned n)
{
	(void)ctx;
	host_calls++;
	if (host_answer != ST_OK)
		return host_answer;
	got_inflate = inflate;
	got_n = n;
	memcpy(got_gfns, gfns, n * sizeof(*gfns));
	return ST_OK;
}

static void host_stat(void *ctx, uint16_t tag, uint64_t val)
{
	(void)ctx;
	if (tag == BALLOON_S_MEMFREE)
		stat_free = val;
	if (tag == BALLOON_S_MEMTOT)
		stat_total = val;
}

static uint32_t rd(uint32_t off)
{
	uint64_t v = 0xdead;

	CHECK(virtio_mmio_read(&b.mmio, off, 4, &v) == ST_OK);
	return (uint32_t)v;
}

static int wr(uint32_t off, uint32_t v)
{
	return virtio_mmio_write(&b.mmio, off, 4, v);
}

static void put16(uint32_t gpa, uint16_t v) { memcpy(mem + gpa, &v, 2); }
static void put32(uint32_t gpa, uint32_t v) { memcpy(mem + gpa, &v, 4); }
static uint16_t get16(uint32_t gpa) { uint16_t v; memcpy(&v, mem + gpa, 2); return v; }

/* desc Q I ADDR LEN FLAGS NEXT: descriptor I of queue Q. */
static void desc(unsigned q, unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	uint32_t at = DESC(q) + i * 16;

	memcpy(mem + at, &addr, 8);
	put32(at + 8, len);
	put16(at + 12, flags);
	put16(at + 14, next);
}

/* offer Q HEAD: puts chain HEAD on queue Q's avail ring. */
static void offer(unsigned q, uint16_t head)
{
	uint16_t idx = get16(AVAIL(q) + 2);

	put16(AVAIL(q) + 4 + (idx % QSIZE) * 2, head);
	put16(AVAIL(q) + 2, (uint16_t)(idx + 1));
}

static int setup_queue(unsigned q)
{
	wr(0x030, q);
	CHECK(rd(0x044) == 0 && rd(0x034) >= QSIZE);
	wr(0x038, QSIZE);
	wr(0x080, DESC(q));
	wr(0x084, 0);
	wr(0x090, AVAIL(q));
	wr(0x094, 0);
	wr(0x0a0, USED(q));
	wr(0x0a4, 0);
	return wr(0x044, 1);
}

/* probe: what Linux's virtio_mmio and virtio_balloon do, queues set up. */
static void probe(void)
{
	const struct guest_mem gm = {mem_read, mem_write, NULL};
	const struct virtio_balloon_host host = {host_balloon, host_stat, NULL};

	memset(mem, 0, sizeof(mem));
	host_calls = got_n = 0;
	host_answer = ST_OK;
	virtio_balloon_init(&b, &gm, &host);
	CHECK(rd(0x000) == 0x74726976 && rd(0x004) == 2 && rd(0x008) == 5);
	wr(0x070, 0);
	wr(0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(0x014, 1);
	CHECK(rd(0x010) == 1); /* VERSION_1 */
	wr(0x014, 0);
	CHECK(rd(0x010) == 3); /* MUST_TELL_HOST, STATS_VQ */
	wr(0x024, 0);
	wr(0x020, 3);
	wr(0x024, 1);
	wr(0x020, 1);
	wr(0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	CHECK(rd(0x070) & VIRTIO_STATUS_FEATURES_OK);
	for (unsigned q = 0; q < 3; q++)
		CHECK(setup_queue(q) == ST_OK);
	wr(0x070, rd(0x070) | VIRTIO_STATUS_DRIVER_OK);
	CHECK(virtio_mmio_live(&b.mmio));
}

/* send Q N FIRST: a list of N page numbers from FIRST on queue Q; the
 * status of the notify. */
static int send(unsigned q, unsigned n, uint32_t first)
{
	for (unsigned i = 0; i < n; i++)
		put32(BUF + i * 4, first + i);
	desc(q, 0, BUF, n * 4, 0, 0);
	offer(q, 0);
	return wr(0x050, q);
}

static void test_probe_and_lists(void)
{
	probe();
	CHECK(send(VIRTIO_BALLOON_INFLATEQ, 256, 100) == ST_OK);
	CHECK(host_calls == 1 && got_inflate && got_n == 256);
	CHECK(got_gfns[0] == 100 && got_gfns[255] == 355);
	CHECK(get16(USED(0) + 2) == 1 && get16(USED(0) + 4) == 0);
	CHECK(rd(0x060) == VIRTIO_MMIO_INT_VRING && virtio_mmio_irq(&b.mmio));
	wr(0x064, VIRTIO_MMIO_INT_VRING);
	CHECK(!virtio_mmio_irq(&b.mmio));
	CHECK(send(VIRTIO_BALLOON_DEFLATEQ, 3, 7) == ST_OK);
	CHECK(!got_inflate && got_n == 3 && got_gfns[2] == 9);
	CHECK(b.pages_inflated == 256 && b.pages_deflated == 3 && b.lists == 2);
}

static void test_target_and_actual(void)
{
	uint64_t v;

	probe();
	virtio_balloon_set_target(&b, 1234);
	CHECK(rd(0x060) == VIRTIO_MMIO_INT_CONFIG);
	CHECK(rd(0x0fc) == 1);
	CHECK(rd(0x100) == 1234);
	CHECK(virtio_mmio_read(&b.mmio, 0x101, 1, &v) == ST_OK && v == 1234 >> 8);
	CHECK(wr(0x104, 1000) == ST_OK && b.actual == 1000);
	CHECK(wr(0x100, 5) == ST_OK && rd(0x100) == 1234); /* the target is ours */
	virtio_balloon_set_target(&b, 1234);
	CHECK(rd(0x0fc) == 1); /* unchanged: no new generation */
}

static void test_stats(void)
{
	uint8_t s[20];
	uint16_t tag = BALLOON_S_MEMFREE;
	uint64_t val = 8u << 20;

	probe();
	memcpy(s, &tag, 2);
	memcpy(s + 2, &val, 8);
	tag = BALLOON_S_MEMTOT;
	val = 128u << 20;
	memcpy(s + 10, &tag, 2);
	memcpy(s + 12, &val, 8);
	memcpy(mem + BUF, s, sizeof(s));
	desc(2, 0, BUF, sizeof(s), 0, 0);
	offer(2, 0);
	CHECK(wr(0x050, 2) == ST_OK);
	CHECK(stat_free == 2048 && stat_total == 32768); /* bytes to pages */
	CHECK(get16(USED(2) + 2) == 0); /* held until we ask again */
	CHECK(virtio_balloon_poll(&b) == ST_OK);
	CHECK(get16(USED(2) + 2) == 1 && virtio_mmio_irq(&b.mmio));
	offer(2, 0);
	CHECK(wr(0x050, 2) == ST_OK);
	offer(2, 0);
	CHECK(wr(0x050, 2) == ST_INVAL); /* a second buffer while we hold one */
}

static void test_host_waits(void)
{
	probe();
	host_answer = ST_FULL;
	CHECK(send(VIRTIO_BALLOON_INFLATEQ, 4, 50) == ST_OK);
	CHECK(get16(USED(0) + 2) == 0 && b.waiting[0]);
	host_answer = ST_OK;
	CHECK(virtio_balloon_poll(&b) == ST_OK);
	CHECK(get16(USED(0) + 2) == 1 && got_n == 4 && !b.waiting[0]);
	host_answer = ST_RANGE; /* a page outside the guest */
	CHECK(send(VIRTIO_BALLOON_INFLATEQ, 1, 99999) == ST_RANGE);
}

static void test_bad_rings(void)
{
	probe();
	wr(0x070, 0); /* reset: queues not ready */
	CHECK(rd(0x070) == 0 && !b.mmio.q[0].ready);
	wr(0x030, 0);
	wr(0x038, QSIZE);
	wr(0x080, MEM_SIZE - 16); /* descriptors run past the guest */
	wr(0x090, AVAIL(0));
	wr(0x0a0, USED(0));
	CHECK(wr(0x044, 1) == ST_INVAL);
	wr(0x080, DESC(0) + 8); /* misaligned */
	CHECK(wr(0x044, 1) == ST_INVAL);
	wr(0x080, DESC(0));
	wr(0x084, 1); /* above 4 GiB */
	CHECK(wr(0x044, 1) == ST_INVAL);
	wr(0x084, 0);
	wr(0x038, 6); /* not a power of two */
	CHECK(wr(0x044, 1) == ST_INVAL);
	wr(0x038, QSIZE);
	CHECK(wr(0x044, 1) == ST_OK);
}

static void test_bad_chains(void)
{
	probe();
	desc(0, 0, BUF, 4, 1, 1); /* 0 -> 1 -> 0: a loop */
	desc(0, 1, BUF + 4, 4, 1, 0);
	offer(0, 0);
	CHECK(wr(0x050, 0) == ST_INVAL && host_calls == 0);
	probe();
	desc(0, 0, BUF, 4, 1, QSIZE); /* next past the table */
	offer(0, 0);
	CHECK(wr(0x050, 0) == ST_INVAL);
	probe();
	offer(0, QSIZE); /* head past the table */
	CHECK(wr(0x050, 0) == ST_INVAL);
	probe();
	put16(AVAIL(0) + 2, QSIZE + 1); /* more entries than the ring */
	CHECK(wr(0x050, 0) == ST_INVAL);
	probe();
	desc(0, 0, BUF, 16, 4, 0); /* indirect */
	offer(0, 0);
	CHECK(wr(0x050, 0) == ST_INVAL);
	probe();
	desc(0, 0, MEM_SIZE - 2, 4, 0, 0); /* buffer past the guest */
	offer(0, 0);
	CHECK(wr(0x050, 0) == ST_RANGE);
	probe();
	CHECK(send(0, 257, 1) == ST_INVAL); /* longer than Linux's 256 */
	probe();
	desc(0, 0, BUF, 6, 0, 0); /* not whole page numbers */
	offer(0, 0);
	CHECK(wr(0x050, 0) == ST_INVAL && host_calls == 0);
}

static void test_bad_accesses(void)
{
	uint64_t v;

	probe();
	CHECK(virtio_mmio_read(&b.mmio, 0x000, 2, &v) == ST_INVAL);
	CHECK(virtio_mmio_read(&b.mmio, 0x002, 4, &v) == ST_INVAL);
	CHECK(virtio_mmio_write(&b.mmio, 0x070, 8, 0) == ST_INVAL);
	CHECK(virtio_mmio_read(&b.mmio, 0x108, 4, &v) == ST_INVAL); /* past config */
	CHECK(virtio_mmio_read(&b.mmio, 0x1fc, 4, &v) == ST_INVAL);
	CHECK(virtio_mmio_read(&b.mmio, 0x103, 2, &v) == ST_INVAL); /* misaligned */
	CHECK(virtio_mmio_write(&b.mmio, 0x104, 2, 1) == ST_INVAL);
	CHECK(rd(0x0b0) == 0);        /* unknown register */
	CHECK(wr(0x0b0, 1) == ST_OK); /* ignored */
	CHECK(wr(0x050, 9) == ST_OK); /* notify of a queue that is not there */
	wr(0x070, 0);
	wr(0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(0x024, 0);
	wr(0x020, 3); /* no VERSION_1 */
	wr(0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	CHECK(!(rd(0x070) & VIRTIO_STATUS_FEATURES_OK));
}

int main(void)
{
	static const struct unit_test tests[] = {
		{"Linux's probe, an inflate and a deflate list", test_probe_and_lists},
		{"num_pages is the target, actual the driver's", test_target_and_actual},
		{"stats in pages, the buffer held until asked", test_stats},
		{"a list the host cannot take yet waits", test_host_waits},
		{"rings outside the guest or misaligned refused", test_bad_rings},
		{"loops, bad indices, indirect, overlong lists refused", test_bad_chains},
		{"bad register accesses refused, unknown ones ignored", test_bad_accesses},
	};
	return CHECK_RUN("virtio balloon", tests);
}
