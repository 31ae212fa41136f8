/*
 * One guest as hv/core/guest.c creates it, over a pmem arena and a swap
 * area on a RAM disk, with the stub vCPU of hv_stubs.c: for host tests of
 * the core's decisions (exit dispatch, hypercalls). The guest's memory is
 * CORE_GUEST_PAGES; its image is a page at GUEST_IMAGE_GPA with two pages
 * of bss and stack, so pages from core_free_gfn on are its own to touch.
 */
#ifndef TESTS_UNIT_CORE_FIXTURE_H
#define TESTS_UNIT_CORE_FIXTURE_H

#include "hv/core/guest.h"
#include "tests/unit/hv_stubs.h"
#include "tests/unit/ram_disk.h"

#define CORE_ARENA_PAGES 2048
#define CORE_GUEST_PAGES 1024   /* 4 MiB */
#define CORE_SWAP_SLOTS 64
#define CORE_PAGING_PAGES 32    /* room on the disk past the swap area */

extern struct pmem core_pmem;
extern struct swap_area core_swap;
extern struct guest core_guest;
extern const gfn_t core_free_gfn;

/* A fresh machine and guest (id 1, "g", balloon driver not yet asked, no
 * paging area: core_give_paging gives it CORE_PAGING_PAGES). */
void core_setup(void);
void core_give_paging(void);
/* Ends the guest if it still runs, checks every page came back. */
void core_teardown(void);
void core_free(void);

/* Maps gfn with content that names it, as the guest's first touch would. */
void core_touch(gfn_t gfn);
bool core_holds_its_content(gfn_t gfn);
/* Swaps gfn out, whatever else the guest maps (a swap of one victim). */
void core_swap_out(gfn_t gfn);
/* Takes every free machine page (core_give_back returns them). */
void core_exhaust(void);
void core_give_back(void);

#endif
