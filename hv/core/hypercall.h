/*
 * What the hypercall handlers outside hypercall.c (the block device,
 * block.c) share with it: bringing a guest's buffer in, and answering a
 * call whose buffer could not be.
 */
#ifndef HV_CORE_HYPERCALL_H
#define HV_CORE_HYPERCALL_H

#include "hv/core/exit.h"

/* guest_buffer's answers besides 0 and HC_E_FAULT: the call waits and is
 * made again (READ_WAIT), or the guest was stopped (READ_ENDED). */
enum { READ_WAIT = 1, READ_ENDED = 2 };

/* Reads back the pages of [gpa, gpa + len) the hypervisor swapped out. */
int guest_buffer(struct guest *g, gpa_t gpa, size_t len);

/* A handler's answer to a failed guest_buffer: the error in RAX, or the
 * call made again later with its registers as they are. */
enum exit_action read_failed(struct guest *g, struct vcpu_regs *r, int err);

#endif
