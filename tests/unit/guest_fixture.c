/* The guest fixture of the unit tests (see guest_fixture.h). */
#include "tests/unit/guest_fixture.h"

#include <stdlib.h>

#include "hv/arch/x86/vmx/ept.h"
#include "tests/unit/check.h"

static unsigned char *arena;
static size_t arena_size;

void fixture_setup(struct pmem *pm, struct p2m *g, size_t arena_pages,
		   size_t guest_pages)
{
	if (arena_size < arena_pages) {
		free(arena);
		arena = aligned_alloc(PAGE_SIZE, arena_pages * PAGE_SIZE);
		arena_size = arena_pages;
	}
	pmem_init(pm);
	CHECK(pmem_add_range(pm, ptr_maddr(arena),
			     ptr_maddr(arena) + arena_pages * PAGE_SIZE) == ST_OK);
	CHECK(pmem_commit(pm) == ST_OK);
	CHECK(p2m_init(g, pm, &ept_format.ops, guest_pages * PAGE_SIZE) == ST_OK);
}

void fixture_teardown(struct pmem *pm, struct p2m *g)
{
	CHECK(p2m_destroy(g) == ST_OK);
	CHECK(pmem_count(pm, PMEM_GUEST) == 0);
	CHECK(pmem_count(pm, PMEM_INFLIGHT) == 0);
	CHECK(pmem_check(pm) == ST_OK);
}

void fixture_free(void)
{
	free(arena);
	arena = 0;
	arena_size = 0;
}
