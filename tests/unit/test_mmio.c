/*
 * Host tests of MMIO emulation (hv/core/mmio.c) over one guest of the
 * core fixture with its virtio-balloon: a load and a store in the device
 * window done and RIP moved on by the instruction's length; an inflate
 * list sent through the rings and a notify reaching the same balloon path
 * as the stub's hypercalls; and each access that stops the guest alone:
 * an undecodable instruction, one that cannot be read, an access past the
 * window, an access the instruction does not make, a bad ring.
 */
#include "hv/core/mmio.h"
#include "tests/unit/check.h"
#include "tests/unit/core_fixture.h"

#include <ballast/devices.h>
#include <string.h>

#define G (&core_guest)
#define WIN BALLAST_VIRTIO_MMIO_GPA

static gpa_t code_gpa;

/* setup CODE: a fresh guest with its device, CODE at its RIP. */
static void setup(const uint8_t *code, size_t len)
{
	core_setup();
	mmio_guest_init(G);
	code_gpa = (core_free_gfn + 1) * PAGE_SIZE - 2; /* across a page */
	core_touch(core_free_gfn);
	core_touch(core_free_gfn + 1);
	CHECK(p2m_write(&G->p2m, code_gpa, code, len) == ST_OK);
	stub_log.rip = code_gpa;
	stub_log.advanced = 0;
}

static enum exit_action access(gpa_t gpa, unsigned how)
{
	struct vm_exit e = { .kind = EXIT_MEM_FAULT, .gpa = gpa, .access = how };

	return handle_exit(G, &e);
}

static bool stopped_for(const char *reason)
{
	return G->state == GUEST_STOPPED && stub_console_has(reason);
}

static void test_load_store(void)
{
	static const uint8_t movl_load[] = { 0x8b, 0x47, 0x08 }; /* mov 8(%rdi),%eax */
	static const uint8_t movl_store[] = { 0x89, 0x37 };      /* mov %esi,(%rdi) */

	setup(movl_load, sizeof(movl_load));
	G->vcpu.regs.rax = ~0ull;
	CHECK(access(WIN + 8, MEM_ACCESS_READ) == EXIT_ACTION_RESUME);
	CHECK(G->vcpu.regs.rax == 5); /* DeviceID: balloon, upper half cleared */
	CHECK(stub_log.advanced == 3 && G->mmio_exits == 1);
	core_teardown();
	setup(movl_store, sizeof(movl_store));
	G->vcpu.regs.rsi = 0x1234500000003ull;
	CHECK(access(WIN + 0x70, MEM_ACCESS_WRITE) == EXIT_ACTION_RESUME);
	CHECK(G->vballoon.mmio.status == 3 && stub_log.advanced == 2);
	core_teardown();
}

/* ring: the device's queue 0 set up over pages the guest holds, as the
 * driver would through the registers. */
static void ring(gpa_t base)
{
	struct virtio_mmio *d = &G->vballoon.mmio;
	const uint32_t regs[][2] = {
		{ 0x070, 3 }, { 0x024, 1 }, { 0x020, 1 }, { 0x070, 11 }, { 0x030, 0 },
		{ 0x038, 8 }, { 0x080, (uint32_t)base }, { 0x090, (uint32_t)base + 0x100 },
		{ 0x0a0, (uint32_t)base + 0x200 }, { 0x044, 1 }, { 0x070, 15 },
	};

	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		CHECK(virtio_mmio_write(d, regs[i][0], 4, regs[i][1]) == ST_OK);
}

static void test_inflate(void)
{
	static const uint8_t notify[] = { 0x89, 0x07 }; /* mov %eax,(%rdi) */
	gpa_t base = (core_free_gfn + 2) * PAGE_SIZE;
	const uint32_t pfns[2] = { (uint32_t)core_free_gfn + 10, (uint32_t)core_free_gfn + 11 };
	const uint64_t desc[2] = { base + 0x400, sizeof(pfns) };
	const uint16_t avail[3] = { 0, 1, 0 };

	setup(notify, sizeof(notify));
	core_touch(core_free_gfn + 2);
	core_touch(core_free_gfn + 10);
	ring(base);
	CHECK(p2m_write(&G->p2m, base, desc, sizeof(desc)) == ST_OK);
	CHECK(p2m_write(&G->p2m, base + 0x100, avail, sizeof(avail)) == ST_OK);
	CHECK(p2m_write(&G->p2m, base + 0x400, pfns, sizeof(pfns)) == ST_OK);
	G->vcpu.regs.rax = 0;
	CHECK(access(WIN + 0x50, MEM_ACCESS_WRITE) == EXIT_ACTION_RESUME);
	CHECK(p2m_state_of(&G->p2m, core_free_gfn + 10) == P2M_BALLOONED);
	CHECK(p2m_state_of(&G->p2m, core_free_gfn + 11) == P2M_BALLOONED);
	CHECK(G->pages_inflated == 2 && G->balloon_calls == 1 && G->balloon_driver);
	uint16_t used_idx = 0;

	CHECK(p2m_read(&G->p2m, base + 0x202, &used_idx, 2) == ST_OK && used_idx == 1);
	CHECK(virtio_mmio_irq(&G->vballoon.mmio));
	G->balloon_target = 40;
	mmio_tick(G);
	CHECK(G->vballoon.num_pages == 40);
	core_teardown();
}

static void test_stops(void)
{
	static const uint8_t syscall[] = { 0x0f, 0x05 };
	static const uint8_t load[] = { 0x8b, 0x07 };
	static const uint8_t rsp_store[] = { 0x48, 0x89, 0x27 }; /* mov %rsp,(%rdi) */

	setup(syscall, sizeof(syscall));
	CHECK(access(WIN, MEM_ACCESS_READ) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("by an instruction Ballast does not emulate (0f 05"));
	core_teardown();
	setup(rsp_store, sizeof(rsp_store));
	CHECK(access(WIN + 0x70, MEM_ACCESS_WRITE) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("does not emulate"));
	core_teardown();
	setup(load, sizeof(load));
	CHECK(access(WIN + 0x1fe, MEM_ACCESS_READ) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("past its device window"));
	core_teardown();
	setup(load, sizeof(load));
	CHECK(access(WIN, MEM_ACCESS_WRITE) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("not what the instruction does"));
	core_teardown();
	setup(load, sizeof(load));
	CHECK(access(WIN + 2, MEM_ACCESS_READ) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("virtio-mmio read at offset 0x2 refused"));
	core_teardown();
	setup(load, sizeof(load));
	stub_log.rip = CORE_GUEST_PAGES * PAGE_SIZE + 64; /* code outside memory */
	CHECK(access(WIN, MEM_ACCESS_READ) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("its instruction cannot be read"));
	core_teardown();
}

static void test_bad_ring(void)
{
	static const uint8_t ready[] = { 0x89, 0x07 };
	struct virtio_mmio *d;

	setup(ready, sizeof(ready));
	d = &G->vballoon.mmio;
	CHECK(virtio_mmio_write(d, 0x038, 4, 8) == ST_OK);
	CHECK(virtio_mmio_write(d, 0x080, 4, CORE_GUEST_PAGES * PAGE_SIZE) == ST_OK);
	G->vcpu.regs.rax = 1;
	CHECK(access(WIN + 0x44, MEM_ACCESS_WRITE) == EXIT_ACTION_ENDED);
	CHECK(stopped_for("virtio-mmio write at offset 0x44 refused"));
	core_teardown();
}

int main(void)
{
	static const struct unit_test tests[] = {
		{"a load and a store in the window, RIP moved on", test_load_store},
		{"an inflate list through the rings takes the balloon path", test_inflate},
		{"bad instructions and accesses stop the guest", test_stops},
		{"rings outside the guest stop it", test_bad_ring},
	};
	return CHECK_RUN("mmio", tests);
}
