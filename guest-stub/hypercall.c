/*
 * Which hypercall instruction this guest uses: VMCALL as built, or VMMCALL
 * on an SVM host, where VMCALL raises #UD. The third byte tells them apart
 * (0f 01 c1, 0f 01 d9); every site is listed in hypercall_sites
 * (hypercall.h) and rewritten once, before the first hypercall. The code
 * is identity-mapped and writable; a jump to new code after the stores is
 * enough for x86 to fetch them (SDM vol. 3A, 8.1.3).
 */
#include "guest-stub/hypercall.h"

#define VMCALL_MODRM 0xc1
#define VMMCALL_MODRM 0xd9

extern uint64_t _hypercall_sites[], _hypercall_sites_end[];

void hypercall_choose(int vmmcall)
{
	if (!vmmcall)
		return;
	for (uint64_t *site = _hypercall_sites; site < _hypercall_sites_end; site++) {
		volatile uint8_t *insn = (volatile uint8_t *)(uintptr_t)*site;

		if (insn[2] == VMCALL_MODRM)
			insn[2] = VMMCALL_MODRM;
	}
}
