/*
 * The stub's virtio-balloon driver over MMIO (issue 14), and the ways a
 * driver can go wrong that must stop its guest alone. It maps the device
 * window (include/ballast/devices.h) uncached with a 1 GiB page of its
 * own, probes the device as Linux's virtio_mmio does, sets up the inflate
 * and deflate queues in its own pages, sends lists of 256 page numbers
 * (Linux's largest) and waits for the device to return each one.
 *   virtio-balloon  inflates and deflates LISTS lists, checks the pages
 *                   read back zero after the deflate, passes
 *   mmio-bad-ring   a descriptor table outside its memory
 *   mmio-loop       a descriptor chain that loops
 *   mmio-outside    a 4-byte read across the window's end
 *   mmio-opcode     an ADD on a device register, which is not emulated
 */
#include <ballast/devices.h>
#include <ballast/guest.h>
#include <stdint.h>

#include "guest-stub/lib.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_PWT 0x8ull
#define PTE_PCD 0x10ull
#define PTE_PS 0x80ull
#define PTE_ADDR 0x000ffffffffff000ull
#define GIB (1ull << 30)
#define LARGE (1ull << 21)

#define QSIZE 8u
#define LIST_PAGES 256u
#define LISTS 2u
#define VIRTQ_DESC_F_NEXT 1u
#define POLL_MAX 1000000u

/* Register offsets, virtio 1.x section 4.2.2. */
enum {
	MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, DEVICE_FEATURES = 0x010,
	DEVICE_FEATURES_SEL = 0x014, DRIVER_FEATURES = 0x020, DRIVER_FEATURES_SEL = 0x024,
	QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038, QUEUE_READY = 0x044,
	QUEUE_NOTIFY = 0x050, INTERRUPT_STATUS = 0x060, INTERRUPT_ACK = 0x064, STATUS = 0x070,
	QUEUE_DESC_LOW = 0x080, QUEUE_DRIVER_LOW = 0x090, QUEUE_DEVICE_LOW = 0x0a0,
	CONFIG_NUM_PAGES = 0x100,
};

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/* One page per queue: descriptors, then avail at 0x100, used at 0x200. */
static uint64_t queue_page[2], list_page;
static uint16_t avail_idx[2];

/* reg: a register's address in a register, as an ioremap()ed base is in
 * Linux, so the accesses compile to the MOV forms Linux's use (a constant
 * address would give MOV moffs, which the hypervisor does not decode). */
static volatile uint32_t *reg(uint32_t off)
{
	uintptr_t base = BALLAST_VIRTIO_MMIO_GPA;

	__asm__("" : "+r"(base));
	return (volatile uint32_t *)(base + off);
}

static uint32_t rd(uint32_t off) { return *reg(off); }
static void wr(uint32_t off, uint32_t v) { *reg(off) = v; }

/* map_window: the window's 2 MiB, uncached, through a page directory of
 * its own (PD_GFN) for the guest's fourth GiB. */
static void map_window(uint64_t pd_gfn)
{
	uint64_t cr3, *pd = gfn_ptr(pd_gfn);

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR);

	pd[(BALLAST_VIRTIO_MMIO_GPA >> 21) & 511] = (BALLAST_VIRTIO_MMIO_GPA & ~(LARGE - 1)) |
						    PTE_P | PTE_W | PTE_PWT | PTE_PCD | PTE_PS;
	pdpt[BALLAST_VIRTIO_MMIO_GPA / GIB] = (pd_gfn << PAGE_SHIFT) | PTE_P | PTE_W;
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}

static void setup_queue(unsigned q, uint64_t desc_gpa)
{
	uint64_t page = queue_page[q] << PAGE_SHIFT;

	wr(QUEUE_SEL, q);
	wr(QUEUE_NUM, QSIZE);
	wr(QUEUE_DESC_LOW, (uint32_t)desc_gpa);
	wr(QUEUE_DESC_LOW + 4, (uint32_t)(desc_gpa >> 32));
	wr(QUEUE_DRIVER_LOW, (uint32_t)(page + 0x100));
	wr(QUEUE_DEVICE_LOW, (uint32_t)(page + 0x200));
	wr(QUEUE_READY, 1);
}

/* probe: Linux's steps up to DRIVER_OK; false if the device is not one. */
static bool probe(void)
{
	if (rd(MAGIC) != 0x74726976 || rd(VERSION) != 2 || rd(DEVICE_ID) != 5)
		return false;
	wr(STATUS, 0);
	wr(STATUS, 1 | 2);
	wr(DEVICE_FEATURES_SEL, 1);
	if (!(rd(DEVICE_FEATURES) & 1))
		return false; /* no VERSION_1 */
	wr(DRIVER_FEATURES_SEL, 1);
	wr(DRIVER_FEATURES, 1);
	wr(DRIVER_FEATURES_SEL, 0);
	wr(DRIVER_FEATURES, 0);
	wr(STATUS, 1 | 2 | 8);
	if (!(rd(STATUS) & 8))
		return false;
	wr(QUEUE_SEL, 0);
	return rd(QUEUE_NUM_MAX) >= QSIZE;
}

static void zero_page(uint64_t gfn)
{
	uint64_t *p = gfn_ptr(gfn);

	for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
		p[i] = 0;
}

static struct desc *descs(unsigned q)
{
	return gfn_ptr(queue_page[q]);
}

static volatile uint16_t *ring16(unsigned q, unsigned off)
{
	return (volatile uint16_t *)((uint8_t *)gfn_ptr(queue_page[q]) + off);
}

/* offer: chain HEAD on queue Q, notified; whether the device returned it. */
static bool offer(unsigned q, uint16_t head)
{
	uint16_t want = (uint16_t)(avail_idx[q] + 1);

	ring16(q, 0x104)[avail_idx[q] % QSIZE] = head;
	__asm__ volatile("" : : : "memory");
	*ring16(q, 0x102) = want;
	avail_idx[q] = want;
	wr(QUEUE_NOTIFY, q);
	for (unsigned i = 0; i < POLL_MAX; i++) {
		if (*ring16(q, 0x202) == want) {
			wr(INTERRUPT_ACK, rd(INTERRUPT_STATUS));
			return true;
		}
	}
	return false;
}

/* send: N page numbers from FIRST on queue Q as one list. */
static bool send(unsigned q, uint64_t first, unsigned n)
{
	uint32_t *pfns = gfn_ptr(list_page);

	for (unsigned i = 0; i < n; i++)
		pfns[i] = (uint32_t)(first + i);
	descs(q)[0] = (struct desc){ list_page << PAGE_SHIFT, n * 4, 0, 0 };
	return offer(q, 0);
}

/* start: pages for the queues and the list, the window, the probe. */
static bool start(uint64_t first_gfn)
{
	queue_page[0] = first_gfn;
	queue_page[1] = first_gfn + 1;
	list_page = first_gfn + 2;
	for (unsigned i = 0; i < 4; i++)
		zero_page(first_gfn + i);
	map_window(first_gfn + 3);
	if (!probe()) {
		report_fail("no virtio-balloon at 0x%llx", (unsigned long long)BALLAST_VIRTIO_MMIO_GPA);
		return false;
	}
	return true;
}

static void finish_setup(void)
{
	setup_queue(0, queue_page[0] << PAGE_SHIFT);
	setup_queue(1, queue_page[1] << PAGE_SHIFT);
	wr(STATUS, 1 | 2 | 8 | 4);
}

/* run_virtio_balloon: LISTS lists in and out, the pages zero after. */
void run_virtio_balloon(uint64_t first_gfn)
{
	uint64_t pages = first_gfn + 4;

	if (!start(first_gfn))
		return;
	finish_setup();
	gprintf("virtio: target %u pages\n", rd(CONFIG_NUM_PAGES));
	for (unsigned l = 0; l < LISTS; l++) {
		for (unsigned i = 0; i < LIST_PAGES; i++)
			*(volatile uint64_t *)gfn_ptr(pages + l * LIST_PAGES + i) = 0x5a5a;
		if (!send(0, pages + l * LIST_PAGES, LIST_PAGES)) {
			report_fail("inflate list %u not returned", l);
			return;
		}
	}
	for (unsigned l = 0; l < LISTS; l++) {
		if (!send(1, pages + l * LIST_PAGES, LIST_PAGES)) {
			report_fail("deflate list %u not returned", l);
			return;
		}
	}
	for (unsigned i = 0; i < LISTS * LIST_PAGES; i++) {
		if (*(volatile uint64_t *)gfn_ptr(pages + i) != 0) {
			report_fail("page 0x%llx kept its data through the balloon",
				    (unsigned long long)(pages + i));
			return;
		}
	}
	gprintf("virtio: %u pages inflated and deflated in lists of %u\n", LISTS * LIST_PAGES,
		LIST_PAGES);
	report_pass();
}

/* run_mmio_hostile: one bad thing a driver can do; surviving it fails. */
void run_mmio_hostile(const struct guest_start_info *si, uint64_t first_gfn)
{
	uint32_t x = 0;

	if (!start(first_gfn))
		return;
	switch (si->workload) {
	case GUEST_WL_MMIO_BAD_RING:
		setup_queue(0, si->memory_bytes + PAGE_SIZE);
		break;
	case GUEST_WL_MMIO_LOOP:
		finish_setup();
		descs(0)[0] = (struct desc){ list_page << PAGE_SHIFT, 4, VIRTQ_DESC_F_NEXT, 1 };
		descs(0)[1] = (struct desc){ list_page << PAGE_SHIFT, 4, VIRTQ_DESC_F_NEXT, 0 };
		offer(0, 0);
		break;
	case GUEST_WL_MMIO_OUTSIDE:
		x = rd(0x1fe);
		break;
	default:
		__asm__ volatile("addl (%1), %0" : "+r"(x) : "r"(reg(MAGIC)) : "memory");
		break;
	}
	report_fail("the hypervisor let a bad MMIO access through (%u)", x);
}
