/*
 * The x86 stage-2 tables, whatever their entry format: a 4-level radix
 * tree to 4 KiB leaves, tables taken from pmem as hypervisor pages (the
 * stage-2 interface of hv/mm/stage2.h). Both formats, Intel's EPT
 * (vmx/ept.c) and AMD's nested page tables (svm/npt.c), keep a leaf's
 * address in bits 51:12 and differ in the bits around it, which each
 * gives as a struct s2_format. Pure table manipulation: no instruction of
 * either extension; after an unmap or a permission change the caller
 * invalidates (INVEPT, a TLB flush of the ASID).
 *
 * A leaf is in one of three forms:
 *   present      a bit of the format's present_mask set, maps the gfn
 *   empty        0, never touched
 *   soft         no present bit and a software value in bits 51:12, which
 *                the CPU ignores in a non-present entry: the p2m keeps
 *                "ballooned" and "swapped, slot N" there, as Linux keeps
 *                swap entries in non-present PTEs. The value is opaque
 *                here; 0 is "empty".
 * Allocation is explicit, as in xv6's walk(pagetable, va, alloc): only
 * s2t_map and s2t_prepare create tables; s2t_set_soft never does, so a
 * caller that must not fail half-way (a balloon list) prepares every entry
 * first. s2t_trim gives back a table that holds nothing any more.
 * Map, unmap, lookup and the soft calls are for tables between a successful
 * s2t_init and s2t_destroy; the visitors and s2t_destroy accept any state.
 */
#ifndef HV_ARCH_X86_S2_TABLE_H
#define HV_ARCH_X86_S2_TABLE_H

#include <stdbool.h>

#include "hv/lib/types.h"
#include "hv/mm/pmem.h"
#include "hv/mm/stage2.h"

#define S2T_LEVELS 4
#define S2T_ADDR_MASK 0x000ffffffffff000ull /* bits 51:12 */
/* A 4-level walk translates 48-bit guest-physical addresses. */
#define S2T_GFN_LIMIT_MAX (1ull << (S2T_LEVELS * S2_LEVEL_BITS))
/* Leaves hold machine addresses of up to 52 bits. */
#define S2T_MFN_LIMIT (1ull << 40)

/* Soft values live in the address bits 51:12, clear of every bit either
 * format reads in a non-present entry. */
#define S2T_SOFT_SHIFT 12
#define S2T_SOFT_BITS 40
#define S2T_SOFT_MAX ((1ull << S2T_SOFT_BITS) - 1)

/* One entry format. ops comes first: a table's s->ops is its format's
 * ops, which is how the calls below find the format's bits. */
struct s2_format {
	struct stage2_ops ops;
	uint64_t present_mask;   /* any of these set: the entry is present */
	uint64_t table_bits;     /* of an entry pointing at a table */
	uint64_t accessed_bit;   /* the CPU sets it in the leaves it uses */
	uint64_t (*leaf_bits)(unsigned perms);  /* all but the address */
	bool (*perms_valid)(unsigned perms);    /* the format can say them */
};

/* Allocates an empty PML4 for tables of format f. ST_RANGE when
 * gfn_limit is 0 or beyond S2T_GFN_LIMIT_MAX, ST_NOMEM when pmem is
 * empty. */
int s2t_init(struct stage2 *e, const struct s2_format *f, struct pmem *pmem,
	     gfn_t gfn_limit);

/*
 * Maps gfn to mfn with perms (S2_* bits), in the format's leaf bits
 * (write-back RAM). Creates missing tables; replaces a soft entry.
 * ST_RANGE for a gfn or mfn out of range, ST_INVAL for perms that are
 * empty, not R/W/X, or not expressible in the format (EPT: writable
 * without readable; NPT: anything not readable), ST_EXIST when gfn is
 * mapped, ST_NOMEM when a table cannot be allocated.
 */
int s2t_map(struct stage2 *e, gfn_t gfn, mfn_t mfn, unsigned perms);

/* Clears gfn's mapping and gives the mfn it held in *old; the caller frees
 * that page and invalidates. ST_NOENT when gfn is not mapped. */
int s2t_unmap(struct stage2 *e, gfn_t gfn, mfn_t *old);

/* The mfn gfn maps to. ST_NOENT when not mapped (soft or empty). */
int s2t_lookup(const struct stage2 *e, gfn_t gfn, mfn_t *mfn);

/*
 * Whether the CPU set gfn's accessed flag since it was last cleared (only
 * when the back end turned them on), and clears it; the
 * caller invalidates cached translations before the next sample, or the
 * CPU need not walk the tables, and set the flag, again. ST_NOENT when gfn
 * is not mapped.
 */
int s2t_test_and_clear_accessed(struct stage2 *e, gfn_t gfn, bool *accessed);

/*
 * Creates the tables above gfn's leaf that are missing, and changes no
 * entry a guest sees: afterwards s2t_set_soft(gfn) cannot fail for want of
 * memory. ST_FULL when the tables would take table_pages over table_limit
 * (nothing is allocated then), ST_NOMEM when pmem is empty (the tables
 * made so far stay, empty, for s2t_trim), ST_RANGE for a gfn out of range.
 */
int s2t_prepare(struct stage2 *e, gfn_t gfn);

/* Stores soft (at most S2T_SOFT_MAX, else ST_INVAL) in gfn's non-present
 * entry; 0 empties it. ST_EXIST when gfn is mapped; ST_NOENT for a
 * non-zero soft value where gfn has no leaf table (s2t_prepare it). */
int s2t_set_soft(struct stage2 *e, gfn_t gfn, uint64_t soft);

/*
 * Frees gfn's leaf table if all its entries are empty, then each table
 * above it that this leaves empty (never the PML4). Returns how many
 * tables went back, or pmem_free's status (broken tables); the caller
 * invalidates cached translations before the guest runs again, since the
 * CPU may cache the entries that pointed at them.
 */
int s2t_trim(struct stage2 *e, gfn_t gfn);

/*
 * Stores soft (1..S2T_SOFT_MAX, else ST_INVAL) in gfn's entry whatever it
 * held, in one walk, and says what that was: *old is the mfn of a mapping
 * (*mapped; the caller frees that page and invalidates) or the soft value
 * (0: empty). ST_NOENT where gfn has no leaf table (s2t_prepare it).
 */
int s2t_exchange_soft(struct stage2 *e, gfn_t gfn, uint64_t soft, uint64_t *old,
		      bool *mapped);

/* The soft value of gfn's entry: 0 when empty. ST_EXIST when mapped. */
int s2t_get_soft(const struct stage2 *e, gfn_t gfn, uint64_t *soft);

/* Visitors over leaves (stage2_visit_fn says how). */
int s2t_for_each_mapped(const struct stage2 *e, stage2_visit_fn fn, void *ctx);
int s2t_for_each_soft(const struct stage2 *e, stage2_visit_fn fn, void *ctx);

/*
 * Frees every table back to pmem; mapped guest pages are the caller's to
 * free first (s2t_for_each_mapped). ST_OK, or pmem_free's status when a
 * table page was not the hypervisor's: broken tables, the caller panics.
 */
int s2t_destroy(struct stage2 *e);

#endif
