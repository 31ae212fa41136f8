/*
 * The nested page tables' entry bits (npt.h) as a struct s2_format for
 * s2_table.c. The CPU sets A in the leaves it walks through, as in any
 * long-mode table, which the active-memory estimate samples.
 */
#include "hv/arch/x86/svm/npt.h"

_Static_assert(S2T_ADDR_MASK == 0x000ffffffffff000ull,
	       "nested page-table addresses fill bits 51:12");
_Static_assert((S2T_SOFT_MAX << S2T_SOFT_SHIFT & NPT_P) == 0,
	       "a soft value leaves a nested page entry not present");

static bool npt_perms_valid(unsigned perms)
{
	return (perms & S2_READ) != 0;
}

static uint64_t npt_leaf_bits(unsigned perms)
{
	return NPT_P | NPT_US | ((perms & S2_WRITE) ? NPT_RW : 0) |
	       ((perms & S2_EXEC) ? 0 : NPT_NX);
}

int npt_init(struct stage2 *s, struct pmem *pmem, gfn_t gfn_limit)
{
	return s2t_init(s, &npt_format, pmem, gfn_limit);
}

const struct s2_format npt_format = {
	.ops = {
		.name = "NPT",
		.levels = S2T_LEVELS,
		.gfn_limit_max = S2T_GFN_LIMIT_MAX,
		.init = npt_init,
		.map = s2t_map,
		.unmap = s2t_unmap,
		.lookup = s2t_lookup,
		.test_and_clear_accessed = s2t_test_and_clear_accessed,
		.prepare = s2t_prepare,
		.set_soft = s2t_set_soft,
		.get_soft = s2t_get_soft,
		.exchange_soft = s2t_exchange_soft,
		.trim = s2t_trim,
		.for_each_mapped = s2t_for_each_mapped,
		.for_each_soft = s2t_for_each_soft,
		.destroy = s2t_destroy,
	},
	/* Tables allow everything; leaves decide. */
	.present_mask = NPT_P,
	.table_bits = NPT_P | NPT_RW | NPT_US,
	.accessed_bit = NPT_A,
	.leaf_bits = npt_leaf_bits,
	.perms_valid = npt_perms_valid,
};
