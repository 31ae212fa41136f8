/*
 * Stage 2: a guest's second-level page tables, as the p2m reaches them
 * whatever their format (EPT, hv/arch/x86/vmx/ept.c; AMD's nested
 * page tables later). The tables are a radix tree of 4 KiB tables of 512
 * 8-byte entries, taken from pmem as hypervisor pages and counted here.
 * A leaf is present (maps a gfn to an mfn with S2_* permissions), empty,
 * or soft: not present, with a value the CPU ignores (the p2m keeps
 * "ballooned" and "swapped, slot N" there). The CPU marks the leaves it
 * uses (accessed flags), which the active-memory estimate samples.
 *
 * Allocation is explicit, as in xv6's walk(pagetable, va, alloc): only map
 * and prepare create tables; set_soft never does, so a caller that must
 * not fail half-way (a balloon list) prepares every entry first. trim
 * gives back a table that holds nothing any more. After an unmap, a trim
 * or a change of permissions the caller invalidates cached translations
 * (vcpu_flush_mappings). Each format's header gives the statuses of its
 * calls (hv/arch/x86/vmx/ept.h for EPT's).
 */
#ifndef HV_MM_STAGE2_H
#define HV_MM_STAGE2_H

#include "hv/lib/types.h"
#include "hv/mm/pmem.h"

/* A leaf's permissions, whatever the format encodes them as. */
#define S2_READ 1u
#define S2_WRITE 2u
#define S2_EXEC 4u
#define S2_RWX (S2_READ | S2_WRITE | S2_EXEC)

/* Every table has 512 entries: gfns 512 apart share no leaf table. */
#define S2_LEVEL_BITS 9
#define S2_ENTRIES (1u << S2_LEVEL_BITS)

struct stage2_ops;

struct stage2 {
	const struct stage2_ops *ops;
	struct pmem *pmem;     /* where tables come from and go back to */
	mfn_t root;            /* MFN_INVALID before init and after destroy */
	gfn_t gfn_limit;       /* gfns at or beyond it are refused */
	uint64_t table_pages;  /* tables held, the root included */
	uint64_t table_peak;   /* the most tables held at once */
	uint64_t table_limit;  /* prepare stops here; 0: no limit */
};

/*
 * Visitor over leaves in ascending gfn order: value is the mfn of a mapped
 * leaf or the soft value of a soft one. A non-zero return stops the walk
 * and is returned by for_each_*. The visitor may change any entry (unmap
 * or set soft state on the gfn it is given) but not destroy.
 */
typedef int (*stage2_visit_fn)(void *ctx, gfn_t gfn, uint64_t value);

/* One format's implementation. */
struct stage2_ops {
	const char *name;      /* for messages: "EPT" */
	unsigned levels;       /* of the walk */
	gfn_t gfn_limit_max;   /* what a walk of that many levels reaches */
	int (*init)(struct stage2 *s, struct pmem *pmem, gfn_t gfn_limit);
	int (*map)(struct stage2 *s, gfn_t gfn, mfn_t mfn, unsigned perms);
	int (*unmap)(struct stage2 *s, gfn_t gfn, mfn_t *old);
	int (*lookup)(const struct stage2 *s, gfn_t gfn, mfn_t *mfn);
	int (*test_and_clear_accessed)(struct stage2 *s, gfn_t gfn,
				       bool *accessed);
	int (*prepare)(struct stage2 *s, gfn_t gfn);
	int (*set_soft)(struct stage2 *s, gfn_t gfn, uint64_t soft);
	int (*get_soft)(const struct stage2 *s, gfn_t gfn, uint64_t *soft);
	int (*exchange_soft)(struct stage2 *s, gfn_t gfn, uint64_t soft,
			     uint64_t *old, bool *mapped);
	int (*trim)(struct stage2 *s, gfn_t gfn);
	int (*for_each_mapped)(const struct stage2 *s, stage2_visit_fn fn,
			       void *ctx);
	int (*for_each_soft)(const struct stage2 *s, stage2_visit_fn fn,
			     void *ctx);
	int (*destroy)(struct stage2 *s);
};

/* The calls the p2m makes, through the format's ops. */
static inline int s2_init(struct stage2 *s, const struct stage2_ops *ops,
			  struct pmem *pmem, gfn_t gfn_limit)
{
	s->ops = ops;
	return ops->init(s, pmem, gfn_limit);
}

static inline int s2_map(struct stage2 *s, gfn_t gfn, mfn_t mfn,
			 unsigned perms)
{
	return s->ops->map(s, gfn, mfn, perms);
}

static inline int s2_unmap(struct stage2 *s, gfn_t gfn, mfn_t *old)
{
	return s->ops->unmap(s, gfn, old);
}

static inline int s2_lookup(const struct stage2 *s, gfn_t gfn, mfn_t *mfn)
{
	return s->ops->lookup(s, gfn, mfn);
}

static inline int s2_test_and_clear_accessed(struct stage2 *s, gfn_t gfn,
					     bool *accessed)
{
	return s->ops->test_and_clear_accessed(s, gfn, accessed);
}

static inline int s2_prepare(struct stage2 *s, gfn_t gfn)
{
	return s->ops->prepare(s, gfn);
}

static inline int s2_set_soft(struct stage2 *s, gfn_t gfn, uint64_t soft)
{
	return s->ops->set_soft(s, gfn, soft);
}

static inline int s2_get_soft(const struct stage2 *s, gfn_t gfn,
			      uint64_t *soft)
{
	return s->ops->get_soft(s, gfn, soft);
}

static inline int s2_exchange_soft(struct stage2 *s, gfn_t gfn, uint64_t soft,
				   uint64_t *old, bool *mapped)
{
	return s->ops->exchange_soft(s, gfn, soft, old, mapped);
}

static inline int s2_trim(struct stage2 *s, gfn_t gfn)
{
	return s->ops->trim(s, gfn);
}

static inline int s2_for_each_mapped(const struct stage2 *s,
				     stage2_visit_fn fn, void *ctx)
{
	return s->ops->for_each_mapped(s, fn, ctx);
}

static inline int s2_for_each_soft(const struct stage2 *s, stage2_visit_fn fn,
				   void *ctx)
{
	return s->ops->for_each_soft(s, fn, ctx);
}

static inline int s2_destroy(struct stage2 *s)
{
	return s->ops->destroy(s);
}

#endif
