/*
 * Scenario files: the one text format that both the hypervisor and the
 * simulator (tools/ballast-sim) read. This header owns the parsed form,
 * struct scenario; hv/mm/scenario.c owns the grammar. The parser is
 * freestanding (no libc, no allocation): it fills a caller's struct.
 *
 * One keyword per line, then key=value pairs; '#' starts a comment.
 *
 *   machine memory=16G                                     (required)
 *   policy  model=esx soft=6% hard=4% low=2% margin=1% tax=75%
 *           max-balloon=65% tick=100ms                     (optional)
 *   run     seed=42 until=all-exited limit=600s            (optional)
 *   swap    size=32G bandwidth=64M/s fail-read=0 fail-write=0 (optional)
 *   guest   NAME memory=8G shares=1000 reservation=0 limit=0 balloon=on
 *           workload=contention heap=6G work=8             (1 or more)
 *
 * Sizes take K, M or G (binary units), percentages %, times ms, s or min,
 * bandwidths SIZE/s. docs/simulator.md describes every key and default.
 */
#ifndef HV_MM_SCENARIO_H
#define HV_MM_SCENARIO_H

#include "hv/lib/types.h"

#define SCN_MAX_GUESTS 16
#define SCN_NAME_MAX 16         /* bytes of a guest name, NUL included */
#define SCN_MAX_SHARES 1000000u

/* Percentages are kept in basis points: 1 % = 100 bp, 100 % = 10000 bp. */
#define SCN_BP_ONE 10000u

enum scn_workload {
	SCN_WL_PATTERN,         /* write a pattern over touch bytes, verify, exit */
	SCN_WL_WILD,            /* touch a GPA outside its memory (wild_at) */
	SCN_WL_CONTENTION,      /* the case study's benchmark: heap, work */
	SCN_WL_IDLE,            /* boots, then waits */
	SCN_WL_VMCALL_BENCH,    /* times calls hypercall round trips */
	SCN_WL_HYPERCALL_CHECK, /* sends bad hypercalls, checks each refusal */
	SCN_WL_BALLOON_HOSTILE, /* sends bad balloon lists, then cheats */
	SCN_WL_TRIPLE_FAULT,    /* faults with no IDT: a triple fault */
	SCN_WL_USER_HYPERCALL,  /* every hypercall from ring 3: all refused */
	SCN_WL_IRQ_STACK,       /* takes balloon interrupts on untouched stacks */
	SCN_WL_SWAPPED_BUFFERS, /* hypercall buffers in pages swapped out */
};

/* How the memory state thresholds are derived (docs/policy.md). */
enum scn_model {
	SCN_MODEL_ESX,          /* fixed soft/hard/low percentages */
	SCN_MODEL_MINFREE,      /* ESXi 5 sliding scale of minFree */
};

struct scn_guest {
	char name[SCN_NAME_MAX];
	uint64_t memory;        /* bytes, a multiple of PAGE_SIZE */
	uint32_t shares;        /* default: 10 per MiB of memory, as ESX "normal" */
	uint64_t reservation;   /* bytes, default 0 */
	uint64_t limit;         /* bytes; 0 = memory */
	bool balloon;           /* balloon driver on/off, default on */
	enum scn_workload workload;
	uint64_t touch;         /* pattern: bytes written and verified */
	uint64_t wild_at;       /* wild: GPA touched, at or above memory */
	uint64_t heap;          /* contention: bytes of live heap */
	uint32_t work;          /* contention: rounds of heap/PAGE_SIZE updates */
	uint32_t active_bp;     /* contention: share of the heap updates touch */
	uint32_t calls;         /* vmcall-bench: round trips to time */
};

struct scenario {
	uint64_t machine_memory;        /* bytes */

	enum scn_model model;
	uint32_t soft_bp, hard_bp, low_bp;      /* of machine memory (esx) */
	uint32_t margin_bp;             /* hysteresis, of machine memory */
	uint32_t tax_bp;                /* idle memory tax rate */
	uint32_t max_balloon_bp;        /* of each guest's memory */
	uint64_t tick_ms;               /* policy period */

	uint64_t seed;
	uint64_t until_ms;              /* 0 = until all guests exited */
	uint64_t limit_ms;              /* stop regardless after this time */

	uint64_t swap_size;             /* bytes; default sum(memory - reservation) */
	uint64_t swap_bandwidth;        /* bytes per second */
	uint64_t swap_fail_read;        /* the Nth swap data read fails; 0 never */
	uint64_t swap_fail_write;       /* the Nth swap data write fails; 0 never */

	unsigned nguests;
	struct scn_guest guests[SCN_MAX_GUESTS];
};

struct scn_error {
	unsigned line, col;     /* 1-based, of the offending token */
	char msg[128];
};

/*
 * Parses len bytes of text (no NUL needed) into *out. Returns 0 on success;
 * otherwise fills *err with the first problem and returns ST_INVAL, and
 * *out must not be used. The caller prints "file:line:col: msg".
 */
int scn_parse(const char *text, size_t len, struct scenario *out,
	      struct scn_error *err);

/* The guest's limit in bytes, its memory when the file left it at 0. */
uint64_t scn_guest_limit(const struct scn_guest *g);

#endif
