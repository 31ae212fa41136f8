/*
 * EPT: a guest's extended page tables (Intel SDM vol. 3C, "The Extended
 * Page Table Mechanism (EPT)"), the stage-2 format of the VMX back end
 * (hv/mm/stage2.h, ept_stage2_ops). This file owns the entry format and
 * the tables' shape: a 4-level walk to 4 KiB leaves, tables taken from
 * pmem as hypervisor pages. Pure table manipulation: no VMX instruction;
 * after an unmap or a permission change the caller runs INVEPT.
 *
 * A leaf is in one of three forms:
 *   present      bits 2:0 != 0, maps the gfn to an mfn (write-back)
 *   empty        0, never touched
 *   soft         bits 2:0 == 0 and a software value in bits 51:12, which
 *                the CPU ignores in a non-present entry: the p2m keeps
 *                "ballooned" and "swapped, slot N" there, as Linux keeps
 *                swap entries in non-present PTEs. The value is opaque
 *                here; 0 is "empty".
 * Allocation is explicit, as in xv6's walk(pagetable, va, alloc): only
 * ept_map and ept_prepare create tables; ept_set_soft never does, so a
 * caller that must not fail half-way (a balloon list) prepares every entry
 * first. ept_trim gives back a table that holds nothing any more.
 * Map, unmap, lookup and the soft calls are for tables between a successful
 * ept_init and ept_destroy; the visitors and ept_destroy accept any state.
 */
#ifndef HV_ARCH_X86_VMX_EPT_H
#define HV_ARCH_X86_VMX_EPT_H

#include "hv/lib/types.h"
#include "hv/mm/pmem.h"
#include "hv/mm/stage2.h"

/* EPT paging-structure entries (SDM vol. 3C, "EPT Translation Mechanism",
 * the tables "Format of an EPT ... Entry"). */
#define VMX_EPT_READABLE_MASK 0x1ull
#define VMX_EPT_WRITABLE_MASK 0x2ull
#define VMX_EPT_EXECUTABLE_MASK 0x4ull
#define VMX_EPT_RWX_MASK \
	(VMX_EPT_READABLE_MASK | VMX_EPT_WRITABLE_MASK | VMX_EPT_EXECUTABLE_MASK)
#define VMX_EPT_MT_EPTE_SHIFT 3          /* leaf memory type, bits 5:3 */
#define VMX_EPT_MT_MASK (0x7ull << VMX_EPT_MT_EPTE_SHIFT)
#define VMX_EPT_IPAT_BIT (1ull << 6)     /* ignore guest PAT */
#define VMX_EPT_ACCESS_BIT (1ull << 8)
#define VMX_EPT_DIRTY_BIT (1ull << 9)
#define VMX_EPT_ADDR_MASK 0x000ffffffffff000ull /* bits 51:12 */

/* Memory type encoding shared by EPT leaves and the EPTP (SDM vol. 3A,
 * "Methods of Caching Available"). */
#define MTRR_TYPE_WRBACK 6ull

/* EPT pointer, the VMCS field EPT_POINTER (SDM vol. 3C, "Extended-Page-
 * Table Pointer (EPTP)"). */
#define VMX_EPTP_MT_MASK 0x7ull
#define VMX_EPTP_MT_WB MTRR_TYPE_WRBACK
#define VMX_EPTP_PWL_MASK 0x38ull
#define VMX_EPTP_PWL_4 0x18ull           /* walk length 4, minus 1, << 3 */
#define VMX_EPTP_AD_ENABLE_BIT (1ull << 6)

#define EPT_LEVELS 4
#define EPT_LEVEL_BITS 9
#define EPT_ENTRIES (1u << EPT_LEVEL_BITS)
/* A 4-level walk translates 48-bit guest-physical addresses. */
#define EPT_GFN_LIMIT_MAX (1ull << (EPT_LEVELS * EPT_LEVEL_BITS))
/* Leaves hold machine addresses of up to 52 bits. */
#define EPT_MFN_LIMIT (1ull << 40)

/* Soft values live in the address bits 51:12: clear of bits 2:0 (present),
 * bit 10 (mode-based execute) and bit 63 (suppress #VE). */
#define EPT_SOFT_SHIFT 12
#define EPT_SOFT_BITS 40
#define EPT_SOFT_MAX ((1ull << EPT_SOFT_BITS) - 1)

/* The calls below as the p2m reaches them. The tables are a struct
 * stage2 whose root is the PML4. */
extern const struct stage2_ops ept_stage2_ops;

/* Allocates an empty PML4. ST_RANGE when gfn_limit is 0 or beyond
 * EPT_GFN_LIMIT_MAX, ST_NOMEM when pmem is empty. */
int ept_init(struct stage2 *e, struct pmem *pmem, gfn_t gfn_limit);

/*
 * Maps gfn to mfn, write-back ignoring the guest PAT (plain RAM, no
 * non-coherent DMA), with perms (S2_* bits). Creates missing
 * tables; replaces a soft entry. ST_RANGE for a gfn or mfn out of range,
 * ST_INVAL for perms that are empty, not R/W/X, or writable without
 * readable (an EPT misconfiguration), ST_EXIST when gfn is mapped,
 * ST_NOMEM when a table cannot be allocated. Execute-only needs the CPU's
 * support, which the caller checks.
 */
int ept_map(struct stage2 *e, gfn_t gfn, mfn_t mfn, unsigned perms);

/* Clears gfn's mapping and gives the mfn it held in *old; the caller frees
 * that page and invalidates. ST_NOENT when gfn is not mapped. */
int ept_unmap(struct stage2 *e, gfn_t gfn, mfn_t *old);

/* The mfn gfn maps to. ST_NOENT when not mapped (soft or empty). */
int ept_lookup(const struct stage2 *e, gfn_t gfn, mfn_t *mfn);

/*
 * Whether the CPU set gfn's accessed flag since it was last cleared (only
 * with an EPTP that enables accessed and dirty flags), and clears it; the
 * caller invalidates cached translations before the next sample, or the
 * CPU need not walk the tables, and set the flag, again. ST_NOENT when gfn
 * is not mapped.
 */
int ept_test_and_clear_accessed(struct stage2 *e, gfn_t gfn, bool *accessed);

/*
 * Creates the tables above gfn's leaf that are missing, and changes no
 * entry a guest sees: afterwards ept_set_soft(gfn) cannot fail for want of
 * memory. ST_FULL when the tables would take table_pages over table_limit
 * (nothing is allocated then), ST_NOMEM when pmem is empty (the tables
 * made so far stay, empty, for ept_trim), ST_RANGE for a gfn out of range.
 */
int ept_prepare(struct stage2 *e, gfn_t gfn);

/* Stores soft (at most EPT_SOFT_MAX, else ST_INVAL) in gfn's non-present
 * entry; 0 empties it. ST_EXIST when gfn is mapped; ST_NOENT for a
 * non-zero soft value where gfn has no leaf table (ept_prepare it). */
int ept_set_soft(struct stage2 *e, gfn_t gfn, uint64_t soft);

/*
 * Frees gfn's leaf table if all its entries are empty, then each table
 * above it that this leaves empty (never the PML4). Returns how many
 * tables went back, or pmem_free's status (broken tables); the caller
 * invalidates cached translations before the guest runs again, since the
 * CPU may cache the entries that pointed at them.
 */
int ept_trim(struct stage2 *e, gfn_t gfn);

/*
 * Stores soft (1..EPT_SOFT_MAX, else ST_INVAL) in gfn's entry whatever it
 * held, in one walk, and says what that was: *old is the mfn of a mapping
 * (*mapped; the caller frees that page and invalidates) or the soft value
 * (0: empty). ST_NOENT where gfn has no leaf table (ept_prepare it).
 */
int ept_exchange_soft(struct stage2 *e, gfn_t gfn, uint64_t soft, uint64_t *old,
		      bool *mapped);

/* The soft value of gfn's entry: 0 when empty. ST_EXIST when mapped. */
int ept_get_soft(const struct stage2 *e, gfn_t gfn, uint64_t *soft);

/* The EPTP for the VMCS of tables whose PML4 is pml4: write-back, 4
 * levels, and accessed/dirty flags when ad (only if IA32_VMX_EPT_VPID_CAP
 * says the CPU has them). */
uint64_t ept_eptp(mfn_t pml4, bool ad);

/* Visitors over leaves (stage2_visit_fn says how). */
int ept_for_each_mapped(const struct stage2 *e, stage2_visit_fn fn, void *ctx);
int ept_for_each_soft(const struct stage2 *e, stage2_visit_fn fn, void *ctx);

/*
 * Frees every table back to pmem; mapped guest pages are the caller's to
 * free first (ept_for_each_mapped). ST_OK, or pmem_free's status when a
 * table page was not the hypervisor's: broken tables, the caller panics.
 */
int ept_destroy(struct stage2 *e);

#endif
