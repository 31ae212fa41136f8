/*
 * The guest stub's balloon driver, with virtio-balloon's verbs (Linux
 * drivers/virtio/virtio_balloon.c): towards_target, fill_balloon,
 * leak_balloon, tell_host. The hypervisor's interrupt only sets a flag;
 * the workload calls balloon_work between its steps.
 */
#ifndef GUEST_STUB_BALLOON_H
#define GUEST_STUB_BALLOON_H

#include <stdint.h>

/* Registers the driver with the hypervisor (first HC_BALLOON_TARGET). */
void balloon_init(void);

/* Moves the balloon one batch towards its target, if it is not there. */
void balloon_work(void);

uint64_t balloon_pages(void);
uint64_t balloon_target(void);

#endif
