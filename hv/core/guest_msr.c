/*
 * A kernel guest's MSRs (guest_msr.h): the back end's, then the ones a PC
 * reports, then the unknown ones; a refused write is a #GP.
 */
#include "hv/core/guest_msr.h"

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/msr.h"
#include "hv/core/guest.h"

/* IA32_THERM_STATUS: reading valid (bit 31), the digital readout (bits
 * 22:16) in degrees below MSR_TEMPERATURE_TARGET's TjMax (bits 23:16). */
#define MSR_IA32_THERM_STATUS 0x19cu
#define MSR_TEMPERATURE_TARGET 0x1a2u
#define THERM_READING_VALID (1ull << 31)
#define THERM_READOUT_SHIFT 16
#define TJ_MAX 100u
#define GUEST_TEMPERATURE 40u

/* The power-on PAT (SDM 11.12.4): WB, WT, UC-, UC twice. */
#define PAT_RESET 0x0007040600070406ull
/* MISC_ENABLE: fast strings on (bit 0) and the guest may turn them off;
 * branch trace and PEBS unavailable (bits 11, 12), fixed. */
#define MISC_FAST_STRINGS (1ull << 0)
#define MISC_RESET (MISC_FAST_STRINGS | 1ull << 11 | 1ull << 12)
/* APIC_BASE: the local APIC at its default address, this the BSP, and
 * globally disabled (bit 11 clear): kernel guests have the 8259 only. */
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_DEFAULT (0xfee00000ull | APIC_BASE_BSP)
/* MTRR_DEF_TYPE: MTRRs enabled (bit 11), fixed ones off, write-back (6);
 * MTRRCAP: no variable or fixed ranges, no write-combining. */
#define MTRR_DEF_ENABLE (1ull << 11)
#define MTRR_DEF_FIXED (1ull << 10)
#define MTRR_TYPE_MASK 0xffull
#define MTRR_DEF_RESET (MTRR_DEF_ENABLE | 6)

void guest_msr_init(struct guest_msrs *m)
{
	*m = (struct guest_msrs){ .pat = PAT_RESET, .misc_enable = MISC_RESET,
				  .mtrr_def_type = MTRR_DEF_RESET };
}

/* Memory types PAT and MTRRs take: UC, WC, WT, WP, WB (and UC- in PAT). */
static bool memory_type(uint64_t t, bool pat)
{
	return t == 0 || t == 1 || t == 4 || t == 5 || t == 6 || (pat && t == 7);
}

static bool valid_pat(uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		if (!memory_type((v >> (8 * i)) & 0xff, true))
			return false;
	return true;
}

static uint64_t guest_tsc(const struct guest *g)
{
	return rdtsc() + g->vcpu.tsc_offset;
}

static bool read_pc(struct guest *g, uint32_t msr, uint64_t *v)
{
	const struct guest_msrs *m = &g->dev.msrs;

	switch (msr) {
	case MSR_IA32_TSC:
		*v = guest_tsc(g);
		return true;
	case MSR_IA32_PAT:
		*v = m->pat;
		return true;
	case MSR_IA32_TSC_AUX:
		*v = m->tsc_aux;
		return true;
	case MSR_IA32_MISC_ENABLE:
		*v = m->misc_enable;
		return true;
	case MSR_IA32_APIC_BASE:
		*v = APIC_BASE_DEFAULT;
		return true;
	case MSR_IA32_MTRR_DEF_TYPE:
		*v = m->mtrr_def_type;
		return true;
	case MSR_IA32_FEATURE_CONTROL:
		*v = FEATURE_CONTROL_LOCKED;
		return true;
	case MSR_IA32_MTRRCAP:
	case MSR_IA32_BIOS_SIGN_ID:
	case MSR_MISC_FEATURES_ENABLES:
		*v = 0;
		return true;
	case MSR_IA32_THERM_STATUS:
		*v = THERM_READING_VALID |
		     (uint64_t)(TJ_MAX - GUEST_TEMPERATURE) << THERM_READOUT_SHIFT;
		return true;
	case MSR_TEMPERATURE_TARGET:
		*v = (uint64_t)TJ_MAX << THERM_READOUT_SHIFT;
		return true;
	}
	return false;
}

/* A TSC write moves the guest's TSC offset from now on (SDM 17.17). */
static void write_tsc(struct guest *g, uint64_t v)
{
	int64_t delta = (int64_t)(v - guest_tsc(g));

	g->dev.msrs.tsc_adjust += delta;
	g->vcpu.tsc_offset += (uint64_t)delta;
}

/* False: the guest may not write this value (#GP). */
static bool write_pc(struct guest *g, uint32_t msr, uint64_t v)
{
	struct guest_msrs *m = &g->dev.msrs;

	switch (msr) {
	case MSR_IA32_TSC:
		write_tsc(g, v);
		return true;
	case MSR_IA32_BIOS_SIGN_ID:
		/* Written 0 before CPUID to read the microcode revision,
		 * which stays 0: no microcode update. */
		return true;
	case MSR_MISC_FEATURES_ENABLES:
		/* No CPUID faulting (bit 0) nor ring-3 MWAIT: all stay 0. */
		return v == 0;
	case MSR_IA32_PAT:
		if (valid_pat(v))
			m->pat = v;
		return valid_pat(v);
	case MSR_IA32_TSC_AUX:
		if (v >> 32 == 0)
			m->tsc_aux = v;
		return v >> 32 == 0;
	case MSR_IA32_MISC_ENABLE:
		if ((v ^ m->misc_enable) & ~MISC_FAST_STRINGS)
			return false;
		m->misc_enable = v;
		return true;
	case MSR_IA32_APIC_BASE:
		return (v & ~APIC_BASE_ENABLE) == APIC_BASE_DEFAULT &&
		       !(v & APIC_BASE_ENABLE);
	case MSR_IA32_MTRR_DEF_TYPE:
		if ((v & ~(MTRR_DEF_ENABLE | MTRR_DEF_FIXED | MTRR_TYPE_MASK)) ||
		    !memory_type(v & MTRR_TYPE_MASK, false))
			return false;
		m->mtrr_def_type = v;
		return true;
	}
	return false;
}

static void refuse(struct guest *g, uint32_t msr)
{
	g->dev.msrs.refused_writes++;
	g->dev.msrs.last_refused = msr;
	vcpu_inject_exception(&g->vcpu, VECTOR_GP, true, 0);
}

static void read_msr(struct guest *g, uint32_t msr)
{
	struct vcpu_regs *r = &g->vcpu.regs;
	uint64_t v = 0;

	if (vcpu_read_msr(&g->vcpu, msr, &v) != ST_OK && !read_pc(g, msr, &v)) {
		g->dev.msrs.unknown_reads++;
		g->dev.msrs.last_unknown = msr;
		v = 0;
	}
	r->rax = (uint32_t)v;
	r->rdx = v >> 32;
}

/* A refused access does not complete: RIP stays on the instruction, and
 * the #GP handler sees it (Linux's exception table finds it there). */
void guest_dev_msr(struct guest *g, bool write)
{
	struct vcpu_regs *r = &g->vcpu.regs;
	uint32_t msr = (uint32_t)r->rcx;
	uint64_t v = (uint32_t)r->rax | (r->rdx << 32);
	int st;

	if (!write) {
		read_msr(g, msr);
		vcpu_skip_instruction(&g->vcpu);
		return;
	}
	st = vcpu_write_msr(&g->vcpu, msr, v);
	if (st == ST_INVAL || (st == ST_NOENT && !write_pc(g, msr, v))) {
		refuse(g, msr);
		return;
	}
	vcpu_skip_instruction(&g->vcpu);
}
