/*
 * Ballast hypercall ABI: the only contract between the hypervisor and a
 * guest. A guest calls with VMCALL (VMMCALL on AMD): the number in RAX,
 * arguments in RBX, RCX, RDX, RSI. The hypervisor returns a status in RAX
 * (0 or a positive value on success, a negative HC_E_* code on failure)
 * and results in RBX and RCX where a call says so. Every other register is
 * preserved. Addresses are guest-physical. The hypervisor checks every
 * argument; a bad one is refused with its code and counted, never acted on.
 */
#ifndef BALLAST_HYPERCALL_H
#define BALLAST_HYPERCALL_H

#include <stdint.h>

#define BALLAST_ABI_VERSION 1

enum hc_number {
	/* RBX = ABI version the guest speaks. Out: RBX = the hypervisor's ABI
	 * version, RCX = this guest's id. HC_E_VERSION if they differ. */
	HC_HELLO = 0,
	/* RBX = guest-physical address of text, RCX = length in bytes
	 * (at most HC_CONSOLE_MAX). The text appears on the console prefixed
	 * with the guest's name. HC_E_FAULT if the buffer is not in the
	 * guest's mapped memory. */
	HC_CONSOLE_WRITE = 1,
	/* Give up the rest of this time slice. */
	HC_YIELD = 2,
	/* RBX = exit code (0 success). Does not return. */
	HC_EXIT = 3,
	HC_COUNT = 4,
};

#define HC_CONSOLE_MAX 256

enum hc_error {
	HC_E_UNKNOWN = -1, /* no such hypercall number */
	HC_E_VERSION = -2, /* ABI version mismatch */
	HC_E_FAULT = -3,   /* an address outside the guest's mapped memory */
	HC_E_INVAL = -4,   /* an argument out of its range */
};

#endif
