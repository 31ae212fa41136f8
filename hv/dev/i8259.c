/*
 * The 8259A pair (hv/dev/i8259.h). ICW1-ICW4 set a chip up; OCW1 is the
 * mask, OCW2 the end-of-interrupt commands, OCW3 which register a read of
 * the command port returns. Fixed priority (line 0 highest), as Linux
 * uses it; rotation and special mask are not modelled.
 */
#include "hv/dev/i8259.h"

#define ICW1 0x10u
#define ICW1_IC4 0x01u
#define ICW1_SNGL 0x02u
#define ICW4_AEOI 0x02u
#define OCW3 0x08u
#define OCW3_RR 0x02u
#define OCW3_RIS 0x01u
#define OCW2_EOI 0x20u
#define OCW2_SL 0x40u
#define OCW2_LEVEL_MASK 0x07u
/* Lines that are edge-triggered on every PC: timer, keyboard, cascade on
 * the master; RTC and FPU on the slave. */
#define ELCR_MASTER_FIXED 0x07u
#define ELCR_SLAVE_FIXED 0x21u

void i8259_init(struct i8259_pair *p)
{
	*p = (struct i8259_pair){ 0 };
	p->chip[0].imr = p->chip[1].imr = 0xff;
}

bool i8259_claims(uint16_t port)
{
	return port == I8259_MASTER_CMD || port == I8259_MASTER_DATA || port == I8259_SLAVE_CMD ||
	       port == I8259_SLAVE_DATA || port == I8259_ELCR_MASTER || port == I8259_ELCR_SLAVE;
}

/* highest: the lowest-numbered bit of BITS, 8 if none. */
static unsigned highest(uint8_t bits)
{
	for (unsigned i = 0; i < 8; i++)
		if (bits & (1u << i))
			return i;
	return 8;
}

/* chip_pending: the line C would raise INTR for, 8 if none: a request
 * not masked and of higher priority than every line in service. */
static unsigned chip_pending(const struct i8259 *c)
{
	unsigned req = highest(c->irr & (uint8_t)~c->imr);

	return req < highest(c->isr) ? req : 8;
}

/* The slave's INTR is the master's line 2. */
static void cascade(struct i8259_pair *p)
{
	i8259_set_irq(p, I8259_CASCADE_IRQ, chip_pending(&p->chip[1]) < 8);
}

static void icw1(struct i8259 *c, uint8_t v)
{
	uint8_t elcr = c->elcr, level = c->level;

	*c = (struct i8259){ .elcr = elcr, .level = level };
	c->want_icw4 = v & ICW1_IC4;
	c->single = v & ICW1_SNGL;
	c->init_step = 1;
}

/* data: ICW2-ICW4 while a chip is set up, else the mask (OCW1). */
static void data(struct i8259 *c, uint8_t v)
{
	switch (c->init_step) {
	case 0: c->imr = v; return;
	case 1:
		c->vector_base = v & 0xf8;
		c->init_step = c->single ? (c->want_icw4 ? 3 : 0) : 2;
		return;
	case 2: c->init_step = c->want_icw4 ? 3 : 0; return; /* ICW3: wiring is fixed */
	default:
		c->auto_eoi = v & ICW4_AEOI;
		c->init_step = 0;
		return;
	}
}

static void command(struct i8259 *c, uint8_t v)
{
	if (v & ICW1) {
		icw1(c, v);
	} else if (v & OCW3) {
		if (v & OCW3_RR)
			c->read_isr = v & OCW3_RIS;
	} else if (v & OCW2_EOI) {
		unsigned line = (v & OCW2_SL) ? (v & OCW2_LEVEL_MASK) : highest(c->isr);

		if (line < 8)
			c->isr &= (uint8_t)~(1u << line);
	}
}

void i8259_write(struct i8259_pair *p, uint16_t port, uint8_t v)
{
	switch (port) {
	case I8259_MASTER_CMD: command(&p->chip[0], v); break;
	case I8259_MASTER_DATA: data(&p->chip[0], v); break;
	case I8259_SLAVE_CMD: command(&p->chip[1], v); break;
	case I8259_SLAVE_DATA: data(&p->chip[1], v); break;
	case I8259_ELCR_MASTER: p->chip[0].elcr = v & (uint8_t)~ELCR_MASTER_FIXED; break;
	case I8259_ELCR_SLAVE: p->chip[1].elcr = v & (uint8_t)~ELCR_SLAVE_FIXED; break;
	default: break;
	}
	cascade(p);
}

static uint8_t read_cmd(const struct i8259 *c)
{
	return c->read_isr ? c->isr : c->irr;
}

uint8_t i8259_read(struct i8259_pair *p, uint16_t port)
{
	switch (port) {
	case I8259_MASTER_CMD: return read_cmd(&p->chip[0]);
	case I8259_MASTER_DATA: return p->chip[0].imr;
	case I8259_SLAVE_CMD: return read_cmd(&p->chip[1]);
	case I8259_SLAVE_DATA: return p->chip[1].imr;
	case I8259_ELCR_MASTER: return p->chip[0].elcr;
	case I8259_ELCR_SLAVE: return p->chip[1].elcr;
	default: return 0xff;
	}
}

/* An edge line latches a rising edge; a level line requests while high.
 * The cascade line follows the slave's INTR as a level, so a second
 * request of the slave is not lost behind the first's edge. */
void i8259_set_irq(struct i8259_pair *p, unsigned irq, bool level)
{
	if (irq > 15)
		return;
	struct i8259 *c = &p->chip[irq >> 3];
	uint8_t bit = (uint8_t)(1u << (irq & 7));
	bool was = c->level & bit;

	c->level = level ? c->level | bit : c->level & (uint8_t)~bit;
	if ((c->elcr & bit) || irq == I8259_CASCADE_IRQ)
		c->irr = level ? c->irr | bit : c->irr & (uint8_t)~bit;
	else if (level && !was)
		c->irr |= bit;
	if (irq >= 8)
		cascade(p);
}

bool i8259_pending(const struct i8259_pair *p)
{
	return chip_pending(&p->chip[0]) < 8;
}

#define SPURIOUS_LINE 7u

/* take: C's highest pending line goes in service; its vector, or IR7's
 * (not in service) if none is pending. */
static int take(struct i8259 *c)
{
	unsigned line = chip_pending(c);
	uint8_t bit = (uint8_t)(1u << line);

	if (line >= 8)
		return c->vector_base + (int)SPURIOUS_LINE;
	if (!(c->elcr & bit))
		c->irr &= (uint8_t)~bit; /* an edge is consumed; a level stays */
	if (!c->auto_eoi)
		c->isr |= bit;
	return c->vector_base + (int)line;
}

int i8259_ack(struct i8259_pair *p)
{
	int vector;

	if (chip_pending(&p->chip[0]) == I8259_CASCADE_IRQ) {
		take(&p->chip[0]);
		vector = take(&p->chip[1]);
		cascade(p);
		return vector;
	}
	return take(&p->chip[0]);
}
