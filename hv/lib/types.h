/*
 * Types shared by every part of the hypervisor, host-testable code included.
 *
 * Glossary of address spaces (one type each, so a signature says which):
 *   gpa_t   guest-physical address, what the guest puts in its page tables
 *   gfn_t   guest frame number, gpa >> PAGE_SHIFT
 *   mfn_t   machine frame number, a page of the real (or emulated) machine
 *   maddr_t machine-physical address, mfn << PAGE_SHIFT
 *   slot_t  a page-sized slot of the swap area
 * The hypervisor identity-maps machine memory, so a maddr_t is also a valid
 * pointer inside the hypervisor; host tests keep that true by handing out
 * pages from an arena and treating their addresses as machine addresses.
 */
#ifndef HV_LIB_TYPES_H
#define HV_LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t gpa_t;
typedef uint64_t gfn_t;
typedef uint64_t mfn_t;
typedef uint64_t maddr_t;
typedef uint32_t slot_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define PAGE_MASK (PAGE_SIZE - 1)

#define MFN_INVALID ((mfn_t)-1)

/*
 * Status of hypervisor-internal functions: 0 or a negative code. Guest-
 * visible error codes are a different set, in include/ballast/hypercall.h.
 */
enum status {
	ST_OK = 0,
	ST_NOMEM = -1,   /* no free machine page */
	ST_RANGE = -2,   /* address or number outside what is managed */
	ST_EXIST = -3,   /* already mapped, already present */
	ST_NOENT = -4,   /* not mapped, not present */
	ST_INVAL = -5,   /* malformed argument */
	ST_IO = -6,      /* device error */
	ST_FULL = -7,    /* no room left (swap area, table) */
	ST_DENIED = -8,  /* a guest touched a page it promised to leave alone */
};

static inline void *maddr_ptr(maddr_t ma)
{
	return (void *)(uintptr_t)ma;
}

static inline maddr_t ptr_maddr(const void *p)
{
	return (maddr_t)(uintptr_t)p;
}

static inline void *mfn_ptr(mfn_t mfn)
{
	return maddr_ptr(mfn << PAGE_SHIFT);
}

#endif
