/* The guest stub's workloads; each reports how it went (report.h). */
#ifndef GUEST_STUB_WORKLOADS_H
#define GUEST_STUB_WORKLOADS_H

#include <ballast/guest.h>
#include <stdint.h>

void run_contention(const struct guest_start_info *si);
void run_balloon_hostile(const struct guest_start_info *si);
void run_user_hypercall(void);
void run_irq_stack(uint64_t first_gfn);
void run_swapped_buffers(uint64_t first_gfn);
void run_fuzz(const struct guest_start_info *si, uint64_t first_gfn);
void run_attack(const struct guest_start_info *si);
void run_block_check(const struct guest_start_info *si);
void run_virtio_balloon(uint64_t first_gfn);
void run_mmio_hostile(const struct guest_start_info *si, uint64_t first_gfn);

#endif
