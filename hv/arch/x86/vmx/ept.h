/*
 * EPT: a guest's extended page tables (Intel SDM vol. 3C, "The Extended
 * Page Table Mechanism (EPT)"), the stage-2 format of the VMX back end
 * (hv/mm/stage2.h). This file owns the entry bits; the tree is
 * s2_table.c's (hv/arch/x86/s2_table.h gives the contract and statuses).
 * A leaf is present when any of bits 2:0 (R, W, X) is set.
 */
#ifndef HV_ARCH_X86_VMX_EPT_H
#define HV_ARCH_X86_VMX_EPT_H

#include "hv/arch/x86/s2_table.h"

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
#define VMX_EPT_ADDR_MASK S2T_ADDR_MASK

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

#define EPT_LEVELS S2T_LEVELS
#define EPT_GFN_LIMIT_MAX S2T_GFN_LIMIT_MAX
#define EPT_SOFT_MAX S2T_SOFT_MAX

/* The format, whose ops the p2m reaches the tables through. Leaves are
 * write-back ignoring the guest PAT (plain RAM, no non-coherent DMA);
 * execute-only needs the CPU's support, which the caller checks. */
extern const struct s2_format ept_format;

/* s2t_init for EPT tables (stage2_ops.init). */
int ept_init(struct stage2 *e, struct pmem *pmem, gfn_t gfn_limit);

/* The EPTP for the VMCS of tables whose PML4 is pml4: write-back, 4
 * levels, and accessed/dirty flags when ad (only if IA32_VMX_EPT_VPID_CAP
 * says the CPU has them). */
uint64_t ept_eptp(mfn_t pml4, bool ad);

#endif
