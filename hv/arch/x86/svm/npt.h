/*
 * Nested page tables (APM vol. 2, 15.25 "Nested Paging"), the stage-2
 * format of the SVM back end (hv/mm/stage2.h). The entries are long-mode
 * page-table entries walked with the host's paging mode; this file owns
 * their bits, the tree is s2_table.c's (hv/arch/x86/s2_table.h gives the
 * contract and statuses). Every guest access is a user access to the
 * nested tables (APM 15.25.5), so each entry needs the US bit, or every
 * access faults.
 */
#ifndef HV_ARCH_X86_SVM_NPT_H
#define HV_ARCH_X86_SVM_NPT_H

#include "hv/arch/x86/s2_table.h"

/* Long-mode page-table entry bits (APM vol. 2, 5.4). */
#define NPT_P (1ull << 0)
#define NPT_RW (1ull << 1)
#define NPT_US (1ull << 2)
#define NPT_A (1ull << 5)
#define NPT_D (1ull << 6)
#define NPT_NX (1ull << 63)  /* with EFER.NXE, which svm.c sets */

/* The format, whose ops the p2m reaches the tables through. Leaves are
 * write-back (PAT entry 0); readable is implied by present, so every
 * mapping must be readable. */
extern const struct s2_format npt_format;

/* s2t_init for nested page tables (stage2_ops.init). */
int npt_init(struct stage2 *s, struct pmem *pmem, gfn_t gfn_limit);

#endif
