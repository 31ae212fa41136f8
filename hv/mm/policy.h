/*
 * The memory policy: ESX's decisions about machine memory, as plain C that
 * touches no hardware. Once per tick the caller (the hypervisor, or the
 * simulator) reports free machine pages and, per guest, what it holds; the
 * policy answers with the memory state, each guest's entitlement, balloon
 * target, swap target, pages to swap out this tick, and whether it blocks.
 * docs/policy.md gives the formulas and a worked example.
 *
 * The caller owns the per-guest array, of any length, so the same code
 * serves 4 guests in the hypervisor and 1000 in the benchmark.
 */
#ifndef HV_MM_POLICY_H
#define HV_MM_POLICY_H

#include "hv/lib/types.h"

/* Fractions are kept in basis points: 1 % = 100 bp, 100 % = 10000 bp. */
#define BP_ONE 10000u

/* From most to least free memory; a higher value is a worse state. */
enum mem_state { MEM_HIGH, MEM_SOFT, MEM_HARD, MEM_LOW, MEM_NSTATES };

/* How the memory state thresholds are derived. */
enum policy_model {
	POLICY_MODEL_ESX,       /* fixed soft/hard/low percentages */
	POLICY_MODEL_MINFREE,   /* ESXi 5 sliding scale of minFree */
};

/* The policy's settings, as a scenario's policy line gives them. */
struct policy_params {
	enum policy_model model;
	uint32_t soft_bp, hard_bp, low_bp;      /* of machine memory (esx) */
	uint32_t margin_bp;             /* hysteresis, of machine memory */
	uint32_t tax_bp;                /* idle memory tax rate */
	uint32_t max_balloon_bp;        /* of each guest's memory */
	uint32_t balloon_step;          /* targets move in steps of these pages */
};

/* State thresholds in pages: a state is entered below its threshold. */
struct policy_thresholds {
	uint64_t soft, hard, low;
	uint64_t margin;        /* a state is left only this far above it */
};

struct policy {
	uint64_t total_pages;           /* machine pages the policy manages */
	struct policy_thresholds th;
	uint32_t tax_bp;                /* idle memory tax, basis points */
	uint32_t max_balloon_bp;        /* of a guest's memory */
	uint32_t balloon_step;          /* pages, at least 1 */
	enum mem_state state;
};

/* Per guest: the caller fills the inputs, the policy the outputs. */
struct policy_guest {
	/* inputs, in pages */
	uint64_t memory;                /* configured guest memory */
	uint64_t granted;               /* mapped: holding a machine page */
	uint64_t ballooned;
	uint64_t swapped;
	uint64_t active;                /* estimate, see policy_active_estimate */
	uint64_t reservation;           /* never reclaimed below this */
	uint64_t limit;                 /* never granted above this */
	uint32_t shares;
	bool balloon_driver;            /* a driver is loaded and answering */

	/* outputs; balloon_target is also read: in high state it only falls */
	uint64_t weight;                /* shares per idle-taxed page, 1/65536 */
	uint64_t alloc;                 /* entitlement: pages it may keep */
	uint64_t balloon_target;        /* in steps of balloon_step */
	uint64_t swap_target;           /* pages that should be in swap */
	uint64_t swap_out;              /* pages to swap out this tick */
	bool blocked;                   /* may not get a new page (low state) */
};

/* Sets up the policy for total_pages machine pages. */
void policy_init(struct policy *p, const struct policy_params *pp,
		 uint64_t total_pages);

/* The thresholds of either model for total_pages (policy_init uses it). */
struct policy_thresholds policy_thresholds(const struct policy_params *pp,
					   uint64_t total_pages);

/* The state after `cur` given free pages, with hysteresis. */
enum mem_state policy_next_state(const struct policy_thresholds *th,
				 enum mem_state cur, uint64_t free_pages);

/*
 * One tick: updates p->state from free_pages, then the outputs of g[0..n).
 * swap_budget is how many pages the swap device can write this tick.
 */
enum mem_state policy_tick(struct policy *p, uint64_t free_pages,
			   uint64_t swap_budget, struct policy_guest *g,
			   size_t n);

/*
 * Active pages from a sample: `touched` of `sampled` random mapped pages
 * were accessed since the last sample. Rises at once, decays by a quarter
 * of the gap per sample, so a guest is not taxed as idle on one quiet look.
 */
uint64_t policy_active_estimate(uint64_t prev, uint64_t granted,
				unsigned sampled, unsigned touched);

const char *mem_state_name(enum mem_state s);

#endif
