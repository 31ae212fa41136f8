/*
 * Controls from the management plane (docs/design.md section 13): what a
 * client may change in a run, queued when it arrives and applied at the
 * next policy tick, in arrival order. This header owns a control's parsed
 * form, the queue and the decision: whether a control can be applied to
 * the run as it stands, and what it does to the policy's inputs. Plain C,
 * no hardware: hv/core/memctl.c carries out what needs machine pages (a
 * squeeze takes free pages into the hypervisor's hands, a release gives
 * them back), hv/net/control_json.c reads a request's body into one.
 */
#ifndef HV_MM_CONTROL_H
#define HV_MM_CONTROL_H

#include "hv/lib/types.h"
#include "hv/mm/reclaim.h"

#define CONTROL_QUEUE_MAX 16

enum control_kind {
	CONTROL_SHARES,         /* value: shares */
	CONTROL_LIMIT,          /* value: pages */
	CONTROL_RESERVATION,    /* value: pages */
	CONTROL_SQUEEZE,        /* value: machine pages to hold back */
	CONTROL_RELEASE,        /* value: held-back pages to give back */
	CONTROL_PAUSE,
	CONTROL_RESUME,
	CONTROL_NKINDS,
};

struct control {
	enum control_kind kind;
	unsigned guest;         /* scenario index, for a guest's control */
	uint64_t value;
};

/* Why a control cannot be applied now, or CONTROL_OK. */
enum control_verdict {
	CONTROL_OK,
	CONTROL_RANGE,          /* a value out of range for the run */
	CONTROL_CONFLICT,       /* the guest is already in the asked state */
};

/* What controls changed in the run, beside the policy's inputs. */
struct control_state {
	struct control queue[CONTROL_QUEUE_MAX];
	unsigned head, len;
	bool paused[SCN_MAX_GUESTS];
	uint64_t squeezed;      /* machine pages held back by squeezes */
};

/* Appends c; ST_NOMEM when the queue is full. */
int control_push(struct control_state *s, const struct control *c);
/* Takes the oldest queued control into *c; false when none is. */
bool control_pop(struct control_state *s, struct control *c);

/* Whether c can be applied to the run as it stands, free_pages free;
 * *reason says why not. */
enum control_verdict control_check(const struct control_state *s,
				   const struct reclaim *r,
				   const struct control *c, uint64_t free_pages,
				   const char **reason);
/* Applies a checked control to the policy's inputs and to s; a squeeze
 * or release only counts what the mechanism moved (moved pages). */
void control_apply(struct control_state *s, struct reclaim *r,
		   const struct control *c, uint64_t moved);

/* Whether controls hold the run back: a guest paused or pages squeezed,
 * so waiting guests may yet be let go by a later control. */
bool control_holds(const struct control_state *s);

/* The kind's name as a request spells it ("shares", "squeeze", ...);
 * kind_of: the kind named by the len bytes at name, or CONTROL_NKINDS. */
const char *control_name(enum control_kind kind);
enum control_kind control_kind_of(const char *name, size_t len);

#endif
