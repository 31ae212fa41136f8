/*
 * Guests' x87/SSE registers and XCR0 (fpu.h), switched lazily: only when
 * a guest runs after another, with FXSAVE/FXRSTOR (the state XCR0's x87
 * and SSE bits cover, all guests may enable: AVX and later components are
 * not offered, cpuid.c).
 */
#include "hv/arch/x86/fpu.h"

#include "hv/arch/x86/cpu.h"
#include "hv/lib/string.h"

#define CPUID_1_ECX_XSAVE (1u << 26)
#define FXSAVE_FCW 0
#define FXSAVE_MXCSR 24
#define FCW_RESET 0x037fu    /* after FNINIT: every exception masked */
#define MXCSR_RESET 0x1f80u

_Static_assert(FXSAVE_BYTES == 512, "FXSAVE's area is 512 bytes");

static struct vcpu *owner; /* whose registers the CPU holds */
static uint64_t hw_xcr0;
static bool have_xsave;

void fpu_setup(void)
{
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;

	write_cr0(read_cr0() & ~(CR0_EM | CR0_TS));
	have_xsave = (cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE) != 0;
	if (have_xsave)
		cr4 |= CR4_OSXSAVE;
	write_cr4(cr4);
	if (have_xsave) {
		hw_xcr0 = XCR0_X87;
		xsetbv(0, hw_xcr0);
	}
}

uint64_t fpu_xcr0_supported(void)
{
	return have_xsave ? XCR0_X87 | XCR0_SSE : 0;
}

void fpu_init(struct vcpu_fpu *f)
{
	uint16_t fcw = FCW_RESET;
	uint32_t mxcsr = MXCSR_RESET;

	memset(f, 0, sizeof(*f));
	memcpy(f->fxsave + FXSAVE_FCW, &fcw, sizeof(fcw));
	memcpy(f->fxsave + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
	f->xcr0 = XCR0_X87;
}

void fpu_switch_to(struct vcpu *v)
{
	if (have_xsave && hw_xcr0 != v->fpu.xcr0) {
		hw_xcr0 = v->fpu.xcr0;
		xsetbv(0, hw_xcr0);
	}
	if (owner == v)
		return;
	if (owner)
		fxsave(owner->fpu.fxsave);
	fxrstor(v->fpu.fxsave);
	owner = v;
}

void fpu_forget(struct vcpu *v)
{
	if (owner == v)
		owner = NULL;
}
