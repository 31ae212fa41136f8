/*
 * MMIO emulation for a guest's virtio-balloon (hv/core/mmio.h). Every
 * guest address the emulation reads, the page tables and instruction
 * bytes included, goes through the guest's p2m, as do the device's ring
 * and buffer accesses (hv/dev/virtqueue.c).
 */
#include "hv/core/mmio.h"

#include <ballast/hypercall.h>
#include <stddef.h>

#include "hv/arch/x86/insn.h"
#include "hv/core/clock.h"
#include "hv/mm/fault.h"

#define REG_RSP 4u

_Static_assert(BALLAST_VIRTIO_MMIO_SIZE == VIRTIO_MMIO_WINDOW, "one window size");

static int read_gpa(void *ctx, gpa_t gpa, void *dst, size_t len)
{
	return p2m_read(&((struct guest *)ctx)->p2m, gpa, dst, len);
}

/* write_gpa: only into pages the guest holds: a write never maps one. */
static int write_gpa(void *ctx, gpa_t gpa, const void *src, size_t len)
{
	struct p2m *p = &((struct guest *)ctx)->p2m;

	if (len == 0 || gpa + len < gpa || (gpa + len - 1) >> PAGE_SHIFT >= p->nr_gfns)
		return ST_RANGE;
	for (gfn_t gfn = gpa >> PAGE_SHIFT; gfn <= (gpa + len - 1) >> PAGE_SHIFT; gfn++) {
		if (p2m_state_of(p, gfn) != P2M_MAPPED)
			return ST_NOENT;
	}
	return p2m_write(p, gpa, src, len);
}

/* The device's lists: refused ones stop the guest, but a machine short
 * of table pages only makes the list wait. */
static int host_balloon(void *ctx, bool inflate, const uint64_t *gfns, unsigned n)
{
	int err = guest_balloon(ctx, inflate, gfns, n);

	if (err == 0)
		return ST_OK;
	return err == HC_E_AGAIN ? ST_FULL : ST_INVAL;
}

static void host_stat(void *ctx, uint16_t tag, uint64_t val)
{
	guest_store_stat(ctx, tag, val);
}

void mmio_guest_init(struct guest *g)
{
	const struct guest_mem mem = { read_gpa, write_gpa, g };
	const struct virtio_balloon_host host = { host_balloon, host_stat, g };

	g->has_virtio = mmio_window_fits(g->memory_bytes);
	if (g->has_virtio)
		virtio_balloon_init(&g->vballoon, &mem, &host);
}

bool mmio_claims(const struct guest *g, gpa_t gpa)
{
	return g->has_virtio && gpa >= BALLAST_VIRTIO_MMIO_GPA &&
	       gpa - BALLAST_VIRTIO_MMIO_GPA < BALLAST_VIRTIO_MMIO_SIZE;
}

/*
 * fetch: the instruction bytes at the guest's RIP, up to INSN_MAX_LEN;
 * *AVAIL how many could be read (the page after the first may not be).
 * On failure *FAILED is the gpa that could not be read.
 */
static int fetch(struct guest *g, uint8_t *code, size_t *avail, gpa_t *failed)
{
	struct guest_paging pg;
	uint64_t rip = vcpu_rip(&g->vcpu);
	size_t first = PAGE_SIZE - (rip & PAGE_MASK);
	int st;

	vcpu_paging(&g->vcpu, &pg);
	if (first > INSN_MAX_LEN)
		first = INSN_MAX_LEN;
	st = guest_fetch(&pg, read_gpa, g, rip, code, first, failed);
	if (st != ST_OK)
		return st;
	*avail = first;
	if (first < INSN_MAX_LEN &&
	    guest_fetch(&pg, read_gpa, g, rip + first, code + first, INSN_MAX_LEN - first,
			failed) == ST_OK)
		*avail = INSN_MAX_LEN;
	return ST_OK;
}

/* unreadable: the instruction could not be read or decoded. A page the
 * hypervisor swapped is read back and the guest runs the access again. */
static enum exit_action unreadable(struct guest *g, int st, gpa_t failed, const uint8_t *code)
{
	if (st != ST_INVAL && failed >> PAGE_SHIFT < g->p2m.nr_gfns &&
	    fault_classify(&g->p2m, failed) == FAULT_SWAPPED)
		return handle_swapped(g, failed >> PAGE_SHIFT);
	if (st == ST_INVAL)
		guest_stop(g, "MMIO access at rip 0x%lx by an instruction Ballast does not emulate (%02x %02x %02x)",
			   vcpu_rip(&g->vcpu), code[0], code[1], code[2]);
	else
		guest_stop(g, "MMIO access at rip 0x%lx: its instruction cannot be read (gpa 0x%lx)",
			   vcpu_rip(&g->vcpu), failed);
	return EXIT_ACTION_ENDED;
}

/* device: does the decoded access on the device; a status for the stop. */
static int device(struct guest *g, const struct mmio_insn *in, uint32_t off)
{
	uint64_t *reg = in->has_imm ? NULL : vcpu_gpr(&g->vcpu.regs, in->reg);
	uint64_t val;
	int st;

	if (in->write)
		return virtio_mmio_write(&g->vballoon.mmio, off, in->size,
					 insn_store_value(in, reg ? *reg : 0));
	st = virtio_mmio_read(&g->vballoon.mmio, off, in->size, &val);
	if (st == ST_OK)
		*reg = insn_load_result(in, *reg, val);
	return st;
}

/* The device's level line (IRQ 5, as the DSDT names it) follows its
 * InterruptStatus: raised by a used buffer or a new target, lowered by
 * the driver's InterruptACK. */
static void irq_line(struct guest *g)
{
	guest_dev_irq_line(g, BALLAST_VIRTIO_MMIO_IRQ, virtio_mmio_irq(&g->vballoon.mmio));
}

enum exit_action mmio_access(struct guest *g, const struct vm_exit *e)
{
	uint64_t start = clock_cycles();
	uint8_t code[INSN_MAX_LEN] = { 0 };
	size_t avail = 0;
	gpa_t failed = 0;
	struct mmio_insn in;
	uint32_t off = (uint32_t)(e->gpa - BALLAST_VIRTIO_MMIO_GPA);
	int st = fetch(g, code, &avail, &failed);

	if (st == ST_OK)
		st = insn_decode_mmio(code, avail, &in);
	if (st == ST_OK && !in.has_imm && !in.high_byte && in.reg == REG_RSP)
		st = ST_INVAL;
	if (st != ST_OK)
		return unreadable(g, st, failed, code);
	if (off + in.size > BALLAST_VIRTIO_MMIO_SIZE || in.write != !!(e->access & MEM_ACCESS_WRITE)) {
		guest_stop(g, "MMIO %s of %u bytes at 0x%lx, past its device window or not what the instruction does",
			   in.write ? "write" : "read", in.size, e->gpa);
		return EXIT_ACTION_ENDED;
	}
	st = device(g, &in, off);
	if (st != ST_OK) {
		guest_stop(g, "virtio-mmio %s at offset 0x%x refused (%d): a bad register access, ring or list",
			   in.write ? "write" : "read", off, st);
		return EXIT_ACTION_ENDED;
	}
	vcpu_advance(&g->vcpu, in.len);
	irq_line(g);
	if (virtio_mmio_live(&g->vballoon.mmio))
		g->balloon_driver = true;
	g->mmio_exits++;
	g->mmio_cycles += clock_cycles() - start;
	return EXIT_ACTION_RESUME;
}

void mmio_tick(struct guest *g)
{
	if (!g->has_virtio || g->state != GUEST_RUNNABLE)
		return;
	virtio_balloon_set_target(&g->vballoon, (uint32_t)g->balloon_target);
	if (virtio_balloon_poll(&g->vballoon) != ST_OK) {
		guest_stop(g, "virtio-balloon: a list or stats buffer it left in a ring is bad");
		return;
	}
	irq_line(g);
}
