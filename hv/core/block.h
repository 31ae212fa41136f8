/*
 * The paravirtual block device: each guest's paging area on the swap
 * disk, read and written through HC_BLOCK_INFO and HC_BLOCK_IO
 * (include/ballast/hypercall.h, docs/hypercalls.md).
 */
#ifndef HV_CORE_BLOCK_H
#define HV_CORE_BLOCK_H

#include "hv/core/exit.h"
#include "hv/mm/swap_area.h"

/* The swap area whose device the paging areas are on (past its last
 * slot); NULL when there is none: every guest then has no area. */
void block_init(struct swap_area *sa);

enum exit_action hc_block_info(struct guest *g, struct vcpu_regs *r);
enum exit_action hc_block_io(struct guest *g, struct vcpu_regs *r);

#endif
