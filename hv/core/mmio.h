/*
 * A guest's MMIO accesses (issue 14): an access to its virtio-mmio window
 * (include/ballast/devices.h) leaves as a stage-2 fault outside its
 * memory; the instruction is fetched through the guest's page tables,
 * decoded (hv/arch/x86/insn.h) and done on the device model
 * (hv/dev/virtio_balloon.h), whose lists take the balloon's one path.
 * Anything that cannot be done stops that guest alone.
 */
#ifndef HV_CORE_MMIO_H
#define HV_CORE_MMIO_H

#include <ballast/devices.h>

#include "hv/core/exit.h"

/* Whether a guest of memory bytes gets the device: its memory ends below
 * the window. */
static inline bool mmio_window_fits(uint64_t memory)
{
	return memory <= BALLAST_VIRTIO_MMIO_GPA;
}

/* Gives g its virtio-balloon device unless its memory reaches the window. */
void mmio_guest_init(struct guest *g);
/* Whether gpa is in g's device window. */
bool mmio_claims(const struct guest *g, gpa_t gpa);
/* Emulates the access that faulted at e->gpa, which mmio_claims. */
enum exit_action mmio_access(struct guest *g, const struct vm_exit *e);
/* Once a tick, after the policy: the device's target and its retries. */
void mmio_tick(struct guest *g);

#endif
