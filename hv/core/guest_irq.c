/*
 * A kernel guest's interrupts (guest_irq.h): the lines into its 8259
 * pair, INTA and injection before each entry, and its waits in HLT.
 */
#include "hv/core/guest_irq.h"

#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/guest.h"

uint64_t guest_irq_pit_now(const struct guest *g)
{
	uint64_t t = guest_own_cycles(&g->time, clock_cycles()) - g->dev.epoch;
	uint64_t hz = clock_hz();

	/* in two parts, so that the product cannot overflow */
	return t / hz * I8254_HZ + t % hz * I8254_HZ / hz;
}

/* The first of the guest's own cycles at which guest_irq_pit_now reads
 * TICK: pit_now's inverse, rounded up. */
static uint64_t pit_tick_cycles(const struct guest *g, uint64_t tick)
{
	uint64_t hz = clock_hz();

	return g->dev.epoch + tick / I8254_HZ * hz +
	       (tick % I8254_HZ * hz + I8254_HZ - 1) / I8254_HZ;
}

bool guest_irq_claims(uint16_t port)
{
	return i8259_claims(port);
}

uint8_t guest_irq_read(struct guest *g, uint16_t port)
{
	return i8259_read(&g->dev.pic, port);
}

void guest_irq_write(struct guest *g, uint16_t port, uint8_t v)
{
	i8259_write(&g->dev.pic, port, v);
}

/* A halted guest whose 8259 now asks for the CPU is woken at once. */
void guest_dev_irq_line(struct guest *g, unsigned line, bool level)
{
	if (!g->linux_boot)
		return;
	i8259_set_irq(&g->dev.pic, line, level);
	if (g->time.halted && i8259_pending(&g->dev.pic) &&
	    g->time.halt_until > clock_cycles())
		g->time.halt_until = clock_cycles();
}

/* OUT0 rose since the last look: one edge on IRQ 0 (the 8259 latches it;
 * more than one in the meantime is still one request, as on a PC whose
 * CPU kept interrupts off that long). */
void guest_irq_pit_catch_up(struct guest *g)
{
	struct guest_dev *d = &g->dev;
	uint64_t now = guest_irq_pit_now(g);

	if (i8254_next_edge(&d->pit, GUEST_IRQ_PIT, d->pit_seen) <= now) {
		guest_dev_irq_line(g, GUEST_IRQ_PIT, true);
		guest_dev_irq_line(g, GUEST_IRQ_PIT, false);
		d->pit_edges++;
	}
	d->pit_seen = now;
}

void guest_irq_uart(struct guest *g)
{
	guest_dev_irq_line(g, NS16550_COM1_IRQ, ns16550_irq(&g->dev.uart));
}

uint64_t guest_irq_next_event(const struct guest *g)
{
	uint64_t edge = i8254_next_edge(&g->dev.pit, GUEST_IRQ_PIT,
					guest_irq_pit_now(g));

	if (edge == I8254_NEVER)
		return GUEST_IRQ_NONE;
	return pit_tick_cycles(g, edge) + g->time.steal_cycles;
}

/* INTA: the vector of the highest request, or the datasheet's spurious
 * IR7 of the chip whose request went away (i8259_ack), which Linux counts
 * and drops. */
void guest_dev_before_entry(struct guest *g)
{
	struct guest_dev *d = &g->dev;
	int vector;

	guest_irq_pit_catch_up(g);
	if (!i8259_pending(&d->pic) || vcpu_interrupt_pending(&g->vcpu))
		return;
	vector = i8259_ack(&d->pic);
	if (vector < 0)
		return;
	d->irqs_acked++;
	vcpu_inject_interrupt(&g->vcpu, (uint8_t)vector);
}

bool guest_irq_halt(struct guest *g)
{
	struct guest_time *t = &g->time;

	if (!vcpu_interrupts_enabled(&g->vcpu))
		return true;
	guest_irq_pit_catch_up(g);
	if (i8259_pending(&g->dev.pic) || vcpu_interrupt_pending(&g->vcpu))
		return false;
	t->halted = true;
	t->halt_start = clock_cycles();
	t->halt_until = guest_irq_next_event(g);
	t->halts++;
	return true;
}

/* Its own clock stood still for none of the wait (a halted guest is not
 * runnable, so it has no steal time): the PIT's edge came at halt_until. */
bool guest_irq_woken(struct guest *g, uint64_t now)
{
	struct guest_time *t = &g->time;

	if (!t->halted)
		return true;
	if (now < t->halt_until && !i8259_pending(&g->dev.pic))
		return false;
	t->halted = false;
	t->halt_cycles += now - t->halt_start;
	return true;
}

void guest_irq_summary(const struct guest *g)
{
	const struct guest_dev *d = &g->dev;
	const struct guest_time *t = &g->time;

	if (!d->pit_edges && !d->irqs_acked && !t->halts)
		return;
	printk("  interrupts: IRQ 0 edges %lu, vectors injected %lu; HLT waits %lu, %lu ms halted\n",
	       d->pit_edges, d->irqs_acked, t->halts,
	       t->halt_cycles / (clock_hz() / 1000));
}
