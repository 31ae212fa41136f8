/*
 * Unit tests of the guest's 8259A pair (hv/dev/i8259.c), programmed as
 * Linux's init_8259A does: vectors from ICW2, masks, fixed priority with
 * lines in service holding back lower ones, non-specific and specific
 * EOI, the slave through the master's line 2, IRR and ISR reads, and the
 * ELCR: a level line (virtio-mmio's IRQ 5) requests while high, an edge
 * line once per rising edge, and the PC's edge-only lines stay edge.
 */
#include "hv/dev/i8259.h"
#include "tests/unit/check.h"

static struct i8259_pair pic;

/* linux_init: Linux 6.1's init_8259A(0), then every line unmasked. */
static void linux_init(void)
{
	i8259_init(&pic);
	i8259_write(&pic, 0x21, 0xff);
	i8259_write(&pic, 0xa1, 0xff);
	i8259_write(&pic, 0x20, 0x11);
	i8259_write(&pic, 0x21, 0x30);
	i8259_write(&pic, 0x21, 0x04);
	i8259_write(&pic, 0x21, 0x01);
	i8259_write(&pic, 0xa0, 0x11);
	i8259_write(&pic, 0xa1, 0x38);
	i8259_write(&pic, 0xa1, 0x02);
	i8259_write(&pic, 0xa1, 0x01);
	i8259_write(&pic, 0x21, 0x00);
	i8259_write(&pic, 0xa1, 0x00);
}

static void test_vectors_and_eoi(void)
{
	linux_init();
	/* INTA with no request: the master's IR7, nothing in service */
	CHECK(!i8259_pending(&pic) && i8259_ack(&pic) == 0x37);
	i8259_write(&pic, 0x20, 0x0b); /* OCW3: read the ISR */
	CHECK(i8259_read(&pic, 0x20) == 0);
	i8259_write(&pic, 0x20, 0x0a); /* OCW3: read the IRR again */
	i8259_set_irq(&pic, 0, true);
	CHECK(i8259_pending(&pic));
	CHECK(i8259_ack(&pic) == 0x30);
	i8259_set_irq(&pic, 0, false);
	i8259_set_irq(&pic, 0, true); /* the next tick, before the EOI */
	CHECK(!i8259_pending(&pic));  /* line 0 is in service */
	i8259_write(&pic, 0x20, 0x20); /* non-specific EOI */
	CHECK(i8259_ack(&pic) == 0x30);
	i8259_write(&pic, 0x20, 0x60); /* specific EOI, line 0 */
	CHECK(!i8259_pending(&pic));
}

static void test_priority_and_masks(void)
{
	linux_init();
	i8259_set_irq(&pic, 4, true);
	CHECK(i8259_ack(&pic) == 0x34);
	i8259_set_irq(&pic, 6, true);
	CHECK(!i8259_pending(&pic)); /* lower than 4, in service */
	i8259_set_irq(&pic, 1, true);
	CHECK(i8259_ack(&pic) == 0x31); /* higher: nests */
	i8259_write(&pic, 0x20, 0x20);  /* ends 1, the highest in service */
	i8259_write(&pic, 0x20, 0x20);  /* ends 4 */
	i8259_write(&pic, 0x21, 0x40);  /* mask 6 */
	CHECK(!i8259_pending(&pic));
	i8259_write(&pic, 0x21, 0x00);
	CHECK(i8259_ack(&pic) == 0x36);
	i8259_write(&pic, 0x20, 0x0b); /* OCW3: read ISR */
	CHECK(i8259_read(&pic, 0x20) == 0x40);
	i8259_write(&pic, 0x20, 0x0a); /* OCW3: read IRR */
	CHECK(i8259_read(&pic, 0x20) == 0x00);
	CHECK(i8259_read(&pic, 0x21) == 0x00);
}

static void test_slave(void)
{
	linux_init();
	i8259_set_irq(&pic, 12, true);
	CHECK(i8259_pending(&pic));
	CHECK(i8259_ack(&pic) == 0x3c);
	i8259_set_irq(&pic, 9, true);
	CHECK(!i8259_pending(&pic)); /* line 2 in service on the master */
	i8259_write(&pic, 0xa0, 0x20);
	i8259_write(&pic, 0x20, 0x20);
	CHECK(i8259_ack(&pic) == 0x39); /* the second request was kept */
	i8259_write(&pic, 0xa1, 0x02);
	i8259_write(&pic, 0xa0, 0x20);
	i8259_write(&pic, 0x20, 0x20);
	i8259_set_irq(&pic, 9, false);
	i8259_set_irq(&pic, 9, true);
	CHECK(!i8259_pending(&pic)); /* masked on the slave */
}

static void test_elcr(void)
{
	linux_init();
	i8259_write(&pic, 0x4d0, 0x27); /* 5 level; 0-2 are edge-only */
	CHECK(i8259_read(&pic, 0x4d0) == 0x20);
	i8259_write(&pic, 0x4d1, 0xff);
	CHECK(i8259_read(&pic, 0x4d1) == 0xde);
	i8259_set_irq(&pic, 5, true);
	CHECK(i8259_ack(&pic) == 0x35);
	i8259_write(&pic, 0x20, 0x20);
	CHECK(i8259_ack(&pic) == 0x35); /* still high: requests again */
	i8259_write(&pic, 0x20, 0x20);
	i8259_set_irq(&pic, 5, false); /* the driver acknowledged the device */
	CHECK(!i8259_pending(&pic));
	i8259_set_irq(&pic, 3, true); /* edge: once */
	CHECK(i8259_ack(&pic) == 0x33);
	i8259_write(&pic, 0x20, 0x20);
	CHECK(!i8259_pending(&pic));
	i8259_set_irq(&pic, 16, true); /* no such line */
	CHECK(!i8259_pending(&pic));
	CHECK(i8259_claims(0x4d1) && !i8259_claims(0x22));
}

/* A level request that goes away before INTA: IR7, which Linux finds not
 * in service and counts as spurious; the real IRQ 7 still works. */
static void test_spurious(void)
{
	linux_init();
	i8259_write(&pic, 0x4d0, 0x20);
	i8259_set_irq(&pic, 5, true);
	CHECK(i8259_pending(&pic));
	i8259_set_irq(&pic, 5, false);
	CHECK(i8259_ack(&pic) == 0x37);
	i8259_write(&pic, 0x20, 0x0b);
	CHECK(i8259_read(&pic, 0x20) == 0); /* IRQ 7 not in service */
	i8259_set_irq(&pic, 7, true);
	CHECK(i8259_ack(&pic) == 0x37 && i8259_read(&pic, 0x20) == 0x80);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{"Linux's set-up, vectors and EOI", test_vectors_and_eoi},
		{"priority, nesting, masks, IRR and ISR", test_priority_and_masks},
		{"the slave through line 2", test_slave},
		{"ELCR: level and edge lines", test_elcr},
		{"a request gone before INTA: IR7, spurious", test_spurious},
	};
	return CHECK_RUN("i8259", tests);
}
