/* The core tests' machine and guest (see core_fixture.h). */
#include "tests/unit/core_fixture.h"

#include <ballast/hypercall.h>
#include <stdlib.h>
#include <string.h>

#include "hv/core/block.h"
#include "tests/unit/check.h"

#define IMAGE_SIZE PAGE_SIZE

struct pmem core_pmem;
struct swap_area core_swap;
struct guest core_guest;
const gfn_t core_free_gfn = (GUEST_IMAGE_GPA + IMAGE_SIZE) / PAGE_SIZE + 2;

static unsigned char *arena;
static struct ram_disk disk;
static mfn_t taken[CORE_ARENA_PAGES];
static uint64_t ntaken;

static void make_image(uint8_t *image)
{
	struct guest_image_header *h = (void *)image;

	memset(image, 0xf4, IMAGE_SIZE); /* HLT */
	*h = (struct guest_image_header){
		.magic = GUEST_IMAGE_MAGIC,
		.abi_version = BALLAST_ABI_VERSION,
		.header_size = sizeof(*h),
		.entry = GUEST_IMAGE_GPA + sizeof(*h),
		.image_end = GUEST_IMAGE_GPA + IMAGE_SIZE,
		.bss_end = GUEST_IMAGE_GPA + IMAGE_SIZE + 2 * PAGE_SIZE,
		.stack_top = GUEST_IMAGE_GPA + IMAGE_SIZE + 2 * PAGE_SIZE,
	};
}

void core_setup(void)
{
	static uint8_t image[IMAGE_SIZE];
	struct scn_guest sg = { .name = "g", .memory = CORE_GUEST_PAGES * PAGE_SIZE,
				.balloon = true };
	struct guest_image img = { image, IMAGE_SIZE, NULL, 0 };
	struct swap_dev dev;

	memset(&stub_log, 0, sizeof(stub_log));
	if (!arena)
		arena = aligned_alloc(PAGE_SIZE, CORE_ARENA_PAGES * PAGE_SIZE);
	pmem_init(&core_pmem);
	CHECK(pmem_add_range(&core_pmem, ptr_maddr(arena),
			     ptr_maddr(arena) + CORE_ARENA_PAGES * PAGE_SIZE) == ST_OK);
	CHECK(pmem_commit(&core_pmem) == ST_OK);
	dev = ram_disk_make(&disk, CORE_SWAP_SLOTS + CORE_PAGING_PAGES);
	CHECK(swap_init(&core_swap, &dev, CORE_SWAP_SLOTS * SWAP_PAGE_SIZE) == ST_OK);
	swapper_init(&core_swap, &core_pmem, 1);
	block_init(&core_swap);
	make_image(image);
	CHECK(guest_create(&core_guest, 1, &sg, &img, &core_pmem, 1) == ST_OK);
	CHECK(core_guest.first_swappable == core_free_gfn);
	ntaken = 0;
}

void core_give_paging(void)
{
	uint64_t bytes = CORE_PAGING_PAGES * PAGE_SIZE;

	swap_paging_layout(&core_swap.hdr, &bytes, 1, &core_guest.paging.lba);
	core_guest.paging.sectors = bytes / BLOCK_SECTOR_SIZE;
}

void core_teardown(void)
{
	core_give_back();
	if (core_guest.state == GUEST_RUNNABLE)
		guest_exit(&core_guest, 0);
	CHECK(pmem_count(&core_pmem, PMEM_GUEST) == 0);
	CHECK(pmem_count(&core_pmem, PMEM_INFLIGHT) == 0);
	CHECK(pmem_check(&core_pmem) == ST_OK);
	CHECK(core_swap.used == 0);
}

void core_free(void)
{
	free(arena);
	arena = 0;
	ram_disk_free(&disk);
}

static void fill(uint8_t *page, gfn_t gfn)
{
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		page[i] = (uint8_t)(gfn + i);
}

void core_touch(gfn_t gfn)
{
	uint8_t page[PAGE_SIZE];

	fill(page, gfn);
	CHECK(swapper_reserve(&core_guest.swap) == ST_OK);
	CHECK(p2m_fault(&core_guest.p2m, gfn * PAGE_SIZE) == ST_OK);
	CHECK(p2m_write(&core_guest.p2m, gfn * PAGE_SIZE, page, PAGE_SIZE) == ST_OK);
	swapper_mapped(&core_guest.swap, gfn);
}

bool core_holds_its_content(gfn_t gfn)
{
	uint8_t want[PAGE_SIZE], got[PAGE_SIZE];

	fill(want, gfn);
	return p2m_read(&core_guest.p2m, gfn * PAGE_SIZE, got, PAGE_SIZE) == ST_OK &&
	       memcmp(want, got, PAGE_SIZE) == 0;
}

void core_swap_out(gfn_t gfn)
{
	struct p2m *p = &core_guest.p2m;
	slot_t slot;
	mfn_t mfn;

	CHECK(swap_alloc(&core_swap, &slot) == ST_OK);
	CHECK(p2m_swap_out_begin(p, gfn, &mfn) == ST_OK);
	CHECK(swap_write(&core_swap, slot, mfn_ptr(mfn), 1, gfn) == ST_OK);
	CHECK(p2m_swap_out_end(p, gfn, mfn, slot, true) == ST_OK);
}

void core_exhaust(void)
{
	mfn_t m;

	while ((m = pmem_alloc(&core_pmem, PMEM_HYPERVISOR)) != MFN_INVALID)
		taken[ntaken++] = m;
}

void core_give_back(void)
{
	while (ntaken)
		CHECK(pmem_free(&core_pmem, taken[--ntaken], PMEM_HYPERVISOR) == ST_OK);
}
