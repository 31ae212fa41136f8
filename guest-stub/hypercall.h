/* The guest side of the hypercall ABI (include/ballast/hypercall.h). */
#ifndef GUEST_STUB_HYPERCALL_H
#define GUEST_STUB_HYPERCALL_H

#include <ballast/hypercall.h>
#include <stdint.h>

struct hc_result {
	int64_t status;
	uint64_t rbx, rcx;
};

static inline struct hc_result hypercall(uint64_t nr, uint64_t a0, uint64_t a1,
					 uint64_t a2, uint64_t a3)
{
	struct hc_result r;

	__asm__ volatile("vmcall"
			 : "=a"(r.status), "=b"(r.rbx), "=c"(r.rcx)
			 : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3)
			 : "memory");
	return r;
}

#endif
