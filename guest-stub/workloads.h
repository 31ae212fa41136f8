/* The guest stub's workloads; each returns the guest's exit code. */
#ifndef GUEST_STUB_WORKLOADS_H
#define GUEST_STUB_WORKLOADS_H

#include <ballast/guest.h>
#include <stdint.h>

int64_t run_contention(const struct guest_start_info *si, uint64_t first_gfn);
int64_t run_balloon_hostile(const struct guest_start_info *si);
int64_t run_user_hypercall(void);
int64_t run_irq_stack(uint64_t first_gfn);
int64_t run_swapped_buffers(uint64_t first_gfn);
int64_t run_fuzz(const struct guest_start_info *si, uint64_t first_gfn);
int64_t run_attack(const struct guest_start_info *si);

#endif
