/*
 * The guest side of the hypercall ABI (include/ballast/hypercall.h). Every
 * hypercall instruction is built as VMCALL (0f 01 c1) and its address
 * listed in the section hypercall_sites; under an SVM host (the start
 * info's GUEST_START_VMMCALL) hypercall_choose rewrites each to VMMCALL
 * (0f 01 d9) before the first call, so the calls cost the same on both.
 */
#ifndef GUEST_STUB_HYPERCALL_H
#define GUEST_STUB_HYPERCALL_H

#include <ballast/hypercall.h>
#include <stdint.h>

/* A hypercall instruction, listed for hypercall_choose (assembly too). */
#define HYPERCALL_INSN \
	"1: vmcall\n\t.pushsection hypercall_sites, \"a\"\n\t.quad 1b\n\t.popsection\n\t"

/* Makes every hypercall VMMCALL when vmmcall, else leaves them VMCALL. */
void hypercall_choose(int vmmcall);

struct hc_result {
	int64_t status;
	uint64_t rbx, rcx;
};

static inline struct hc_result hypercall(uint64_t nr, uint64_t a0, uint64_t a1,
					 uint64_t a2, uint64_t a3)
{
	struct hc_result r;

	__asm__ volatile(HYPERCALL_INSN
			 : "=a"(r.status), "=b"(r.rbx), "=c"(r.rcx)
			 : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3)
			 : "memory");
	return r;
}

#endif
