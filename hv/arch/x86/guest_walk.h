/*
 * Reading a guest's code by its linear addresses (issue 14): MMIO
 * emulation fetches the faulting instruction at the guest's RIP, so the
 * hypervisor walks the guest's own page tables, and every table and code
 * byte is read through a callback that checks the guest-physical address
 * (the p2m: p2m_read). Pure code, host unit-tested.
 */
#ifndef HV_ARCH_X86_GUEST_WALK_H
#define HV_ARCH_X86_GUEST_WALK_H

#include "hv/lib/types.h"

/* Reads LEN bytes of guest-physical memory at GPA (within one page). */
typedef int (*gpa_read_fn)(void *ctx, gpa_t gpa, void *dst, size_t len);

/* The guest's paging controls, as the vCPU has them. */
struct guest_paging {
	uint64_t cr0, cr3, cr4, efer;
};

/*
 * guest_translate: the guest-physical address of linear address LA.
 * Paging off: LA itself. 4-level IA-32e paging with 1 GiB and 2 MiB
 * pages. ST_NOENT for a not-present entry, ST_INVAL for a non-canonical
 * LA or a paging mode the hypervisor does not walk (32-bit, PAE without
 * long mode, 5-level), or the read callback's status (the table's gpa in
 * *FAILED, so the caller can swap it in and retry).
 */
int guest_translate(const struct guest_paging *pg, gpa_read_fn read, void *ctx, uint64_t la,
		    gpa_t *gpa, gpa_t *failed);

/* guest_fetch: LEN bytes at linear LA (they may cross a page), as above. */
int guest_fetch(const struct guest_paging *pg, gpa_read_fn read, void *ctx, uint64_t la,
		uint8_t *dst, size_t len, gpa_t *failed);

#endif
