/*
 * Controls (see control.h): the queue, the checks and what a control does
 * to the policy's inputs (struct policy_guest), which the next
 * policy_tick reads like the scenario's own values.
 */
#include "hv/mm/control.h"

#include "hv/lib/string.h"

static const char *const names[CONTROL_NKINDS] = {
	[CONTROL_SHARES] = "shares",
	[CONTROL_LIMIT] = "limit",
	[CONTROL_RESERVATION] = "reservation",
	[CONTROL_SQUEEZE] = "squeeze",
	[CONTROL_RELEASE] = "release",
	[CONTROL_PAUSE] = "pause",
	[CONTROL_RESUME] = "resume",
};

int control_push(struct control_state *s, const struct control *c)
{
	if (s->len == CONTROL_QUEUE_MAX)
		return ST_NOMEM;
	s->queue[(s->head + s->len) % CONTROL_QUEUE_MAX] = *c;
	s->len++;
	return ST_OK;
}

bool control_pop(struct control_state *s, struct control *c)
{
	if (!s->len)
		return false;
	*c = s->queue[s->head];
	s->head = (s->head + 1) % CONTROL_QUEUE_MAX;
	s->len--;
	return true;
}

static enum control_verdict refuse(const char **reason, enum control_verdict v,
				   const char *why)
{
	*reason = why;
	return v;
}

/* Reservations may not add up to more than the machine's pages. */
static uint64_t other_reservations(const struct reclaim *r, unsigned guest)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < r->n; i++)
		if (i != guest)
			sum += r->pg[i].reservation;
	return sum;
}

static enum control_verdict check_guest(const struct control_state *s,
					const struct reclaim *r,
					const struct control *c,
					const char **reason)
{
	const struct policy_guest *p = &r->pg[c->guest];
	uint64_t memory = r->scn->guests[c->guest].memory >> PAGE_SHIFT;

	switch (c->kind) {
	case CONTROL_SHARES:
		if (!c->value || c->value > SCN_MAX_SHARES)
			return refuse(reason, CONTROL_RANGE, "shares must be 1 to 1000000");
		break;
	case CONTROL_LIMIT:
		if (!c->value || c->value > memory)
			return refuse(reason, CONTROL_RANGE, "a limit must be above 0 and at most the guest's memory");
		if (c->value < p->reservation)
			return refuse(reason, CONTROL_RANGE, "the limit would be below the guest's reservation");
		break;
	case CONTROL_RESERVATION:
		if (c->value > p->limit)
			return refuse(reason, CONTROL_RANGE, "the reservation would be above the guest's limit");
		if (c->value > r->policy.total_pages - other_reservations(r, c->guest))
			return refuse(reason, CONTROL_RANGE, "reservations would add up to more than machine memory");
		break;
	case CONTROL_PAUSE:
		if (s->paused[c->guest])
			return refuse(reason, CONTROL_CONFLICT, "the guest is already paused");
		break;
	default:
		if (!s->paused[c->guest])
			return refuse(reason, CONTROL_CONFLICT, "the guest is not paused");
		break;
	}
	return CONTROL_OK;
}

enum control_verdict control_check(const struct control_state *s,
				   const struct reclaim *r,
				   const struct control *c, uint64_t free_pages,
				   const char **reason)
{
	*reason = NULL;
	if (c->kind >= CONTROL_NKINDS)
		return refuse(reason, CONTROL_RANGE, "no such control");
	if (c->kind == CONTROL_SQUEEZE) {
		if (!c->value || c->value > free_pages)
			return refuse(reason, CONTROL_RANGE, "a squeeze must take 1 page to all the free pages, no more");
		return CONTROL_OK;
	}
	if (c->kind == CONTROL_RELEASE) {
		if (!c->value || c->value > s->squeezed)
			return refuse(reason, CONTROL_RANGE, "a release must give back 1 page to all the squeezed pages, no more");
		return CONTROL_OK;
	}
	if (c->guest >= r->n)
		return refuse(reason, CONTROL_RANGE, "no such guest");
	return check_guest(s, r, c, reason);
}

void control_apply(struct control_state *s, struct reclaim *r,
		   const struct control *c, uint64_t moved)
{
	struct policy_guest *p = &r->pg[c->guest < r->n ? c->guest : 0];

	if (c->guest >= r->n)
		return; /* control_check refuses it */
	switch (c->kind) {
	case CONTROL_SHARES:
		p->shares = (uint32_t)c->value;
		break;
	case CONTROL_LIMIT:
		p->limit = c->value;
		break;
	case CONTROL_RESERVATION:
		p->reservation = c->value;
		break;
	case CONTROL_SQUEEZE:
		s->squeezed += moved;
		break;
	case CONTROL_RELEASE:
		s->squeezed -= moved < s->squeezed ? moved : s->squeezed;
		break;
	case CONTROL_PAUSE:
	case CONTROL_RESUME:
		s->paused[c->guest] = c->kind == CONTROL_PAUSE;
		break;
	default:
		break;
	}
}

bool control_holds(const struct control_state *s)
{
	if (s->squeezed)
		return true;
	for (unsigned i = 0; i < SCN_MAX_GUESTS; i++)
		if (s->paused[i])
			return true;
	return false;
}

const char *control_name(enum control_kind kind)
{
	return kind < CONTROL_NKINDS ? names[kind] : "?";
}

enum control_kind control_kind_of(const char *name, size_t len)
{
	for (unsigned k = 0; k < CONTROL_NKINDS; k++)
		if (strlen(names[k]) == len && !memcmp(names[k], name, len))
			return (enum control_kind)k;
	return CONTROL_NKINDS;
}
