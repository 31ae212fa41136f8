/*
 * EPT's entry bits (ept.h) as a struct s2_format for s2_table.c.
 */
#include "hv/arch/x86/vmx/ept.h"

_Static_assert(VMX_EPT_ADDR_MASK == 0x000ffffffffff000ull,
	       "EPT leaf addresses fill bits 51:12");
_Static_assert((S2T_SOFT_MAX << S2T_SOFT_SHIFT & VMX_EPT_RWX_MASK) == 0,
	       "a soft value leaves an EPT entry not present");

/* Write without read is a misconfiguration (SDM "EPT Misconfigurations"). */
static bool ept_perms_valid(unsigned perms)
{
	return !(perms & S2_WRITE) || (perms & S2_READ);
}

static uint64_t ept_leaf_bits(unsigned perms)
{
	return VMX_EPT_IPAT_BIT | (MTRR_TYPE_WRBACK << VMX_EPT_MT_EPTE_SHIFT) |
	       ((perms & S2_READ) ? VMX_EPT_READABLE_MASK : 0) |
	       ((perms & S2_WRITE) ? VMX_EPT_WRITABLE_MASK : 0) |
	       ((perms & S2_EXEC) ? VMX_EPT_EXECUTABLE_MASK : 0);
}

int ept_init(struct stage2 *e, struct pmem *pmem, gfn_t gfn_limit)
{
	return s2t_init(e, &ept_format, pmem, gfn_limit);
}

uint64_t ept_eptp(mfn_t pml4, bool ad)
{
	return (pml4 << PAGE_SHIFT) | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4 |
	       (ad ? VMX_EPTP_AD_ENABLE_BIT : 0);
}

const struct s2_format ept_format = {
	.ops = {
		.name = "EPT",
		.levels = S2T_LEVELS,
		.gfn_limit_max = S2T_GFN_LIMIT_MAX,
		.init = ept_init,
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
	/* Intermediate entries allow everything; leaves decide. */
	.present_mask = VMX_EPT_RWX_MASK,
	.table_bits = VMX_EPT_RWX_MASK,
	.accessed_bit = VMX_EPT_ACCESS_BIT,
	.leaf_bits = ept_leaf_bits,
	.perms_valid = ept_perms_valid,
};
