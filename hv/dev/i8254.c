/*
 * The guest's 8254 (i8254.h): counting is computed from the ticks since a
 * count was loaded, not stepped, so a guest that polls sees time move by
 * the run's clock alone. Modes 0 (interrupt on terminal count) and 2/3
 * (rate generator, square wave) are what guests program; 1, 4 and 5 count
 * as mode 0 does.
 */
#include "hv/dev/i8254.h"

#define CONTROL_CHANNEL_SHIFT 6
#define CONTROL_ACCESS_SHIFT 4
#define CONTROL_ACCESS_MASK 0x3u
#define CONTROL_MODE_SHIFT 1
#define CONTROL_MODE_MASK 0x7u
#define CONTROL_READ_BACK 3u
#define ACCESS_LATCH 0u
#define ACCESS_LOHI 3u
#define ACCESS_HI 2u

#define PORT_B_GATE2 0x01u
#define PORT_B_SPEAKER 0x02u
#define PORT_B_REFRESH 0x10u /* toggles every 15.085 us on a PC/AT */
#define PORT_B_OUT2 0x20u
#define REFRESH_TICKS 18u    /* 15.085 us of PIT ticks, rounded */

void i8254_init(struct i8254 *p)
{
	*p = (struct i8254){ 0 };
	for (unsigned i = 0; i < 3; i++)
		p->ch[i].access = ACCESS_LOHI;
}

bool i8254_claims(uint16_t port)
{
	return (port >= I8254_PORT_COUNTER0 && port <= I8254_PORT_CONTROL) ||
	       port == I8254_PORT_NMI_SC;
}

static bool gate(const struct i8254 *p, unsigned i)
{
	return i != 2 || (p->port_b & PORT_B_GATE2);
}

static uint64_t period(const struct i8254_channel *c)
{
	return c->reload ? c->reload : 0x10000u;
}

static uint64_t elapsed(const struct i8254 *p, unsigned i, uint64_t now)
{
	const struct i8254_channel *c = &p->ch[i];

	if (!c->counting || !gate(p, i) || now < c->start)
		return 0;
	return now - c->start;
}

static uint16_t counter(const struct i8254 *p, unsigned i, uint64_t now)
{
	const struct i8254_channel *c = &p->ch[i];
	uint64_t n = period(c), t = elapsed(p, i, now);

	if (c->mode == 2 || c->mode == 3)
		return (uint16_t)(n - t % n);
	return (uint16_t)(n - t); /* wraps past 0, as the chip does */
}

static bool output(const struct i8254 *p, unsigned i, uint64_t now)
{
	const struct i8254_channel *c = &p->ch[i];
	uint64_t n = period(c), t = elapsed(p, i, now);

	if (!c->counting)
		return c->mode != 0;
	if (c->mode == 3)
		return t % n < (n + 1) / 2;
	if (c->mode == 2)
		return t % n != n - 1;
	return t >= n;
}

static uint8_t read_counter(struct i8254 *p, unsigned i, uint64_t now)
{
	struct i8254_channel *c = &p->ch[i];
	uint16_t v = c->latch_valid ? c->latched : counter(p, i, now);
	bool hi = c->access == ACCESS_HI ||
		  (c->access == ACCESS_LOHI && c->read_hi);

	if (c->access == ACCESS_LOHI)
		c->read_hi = !c->read_hi;
	if (c->access != ACCESS_LOHI || !c->read_hi)
		c->latch_valid = false;
	return hi ? (uint8_t)(v >> 8) : (uint8_t)v;
}

static void load(struct i8254_channel *c, uint16_t count, uint64_t now)
{
	c->reload = count;
	c->counting = true;
	c->start = now;
}

static void write_counter(struct i8254 *p, unsigned i, uint8_t v, uint64_t now)
{
	struct i8254_channel *c = &p->ch[i];

	if (c->access == ACCESS_LOHI && !c->write_hi) {
		c->low = v;
		c->write_hi = true;
		c->counting = false; /* a new count stops mode 0 until complete */
		return;
	}
	c->write_hi = false;
	if (c->access == ACCESS_LOHI)
		load(c, (uint16_t)(c->low | v << 8), now);
	else if (c->access == ACCESS_HI)
		load(c, (uint16_t)(v << 8), now);
	else
		load(c, v, now);
}

static void write_control(struct i8254 *p, uint8_t v, uint64_t now)
{
	unsigned i = v >> CONTROL_CHANNEL_SHIFT;
	unsigned access = (v >> CONTROL_ACCESS_SHIFT) & CONTROL_ACCESS_MASK;
	struct i8254_channel *c;

	if (i == CONTROL_READ_BACK)
		return; /* read-back: nobody we serve uses it */
	c = &p->ch[i];
	if (access == ACCESS_LATCH) {
		c->latched = counter(p, i, now);
		c->latch_valid = true;
		return;
	}
	c->access = (uint8_t)access;
	c->mode = (uint8_t)((v >> CONTROL_MODE_SHIFT) & CONTROL_MODE_MASK);
	if (c->mode > 5)
		c->mode -= 4; /* 6 and 7 are 2 and 3 (datasheet, table 1) */
	c->counting = false;
	c->write_hi = c->read_hi = c->latch_valid = false;
}

uint8_t i8254_read(struct i8254 *p, uint16_t port, uint64_t now)
{
	uint8_t v;

	if (port == I8254_PORT_NMI_SC) {
		v = p->port_b & (PORT_B_GATE2 | PORT_B_SPEAKER);
		if ((now / REFRESH_TICKS) & 1)
			v |= PORT_B_REFRESH;
		if (output(p, 2, now))
			v |= PORT_B_OUT2;
		return v;
	}
	if (port == I8254_PORT_CONTROL)
		return 0xff; /* the control word cannot be read */
	return read_counter(p, port - I8254_PORT_COUNTER0, now);
}

void i8254_write(struct i8254 *p, uint16_t port, uint8_t v, uint64_t now)
{
	if (port == I8254_PORT_NMI_SC) {
		/* A rising gate restarts channel 2's count (modes 1, 2, 3, 5
		 * retrigger; mode 0 resumes, which a guest that gates before
		 * it loads cannot tell apart). */
		if ((v & PORT_B_GATE2) && !(p->port_b & PORT_B_GATE2))
			p->ch[2].start = now;
		p->port_b = v & (PORT_B_GATE2 | PORT_B_SPEAKER);
		return;
	}
	if (port == I8254_PORT_CONTROL)
		write_control(p, v, now);
	else
		write_counter(p, port - I8254_PORT_COUNTER0, v, now);
}

/* OUT rises where output() turns true: at start + k * n (k >= 1) in modes
 * 2 and 3, at start + n in the others. */
uint64_t i8254_next_edge(const struct i8254 *p, unsigned i, uint64_t now)
{
	const struct i8254_channel *c = &p->ch[i];
	uint64_t n = period(c), k = 1;

	if (!c->counting || !gate(p, i))
		return I8254_NEVER;
	if (c->mode != 2 && c->mode != 3)
		return c->start + n > now ? c->start + n : I8254_NEVER;
	if (now >= c->start)
		k = (now - c->start) / n + 1;
	return c->start + k * n;
}
