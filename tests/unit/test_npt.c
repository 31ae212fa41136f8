/*
 * Host unit tests of the SVM back end's pure parts: the nested page
 * tables' entry bits (hv/arch/x86/svm/npt.c over s2_table.c) and the
 * #VMEXIT codes' and kinds' names (exitcode.c). Tables come from a pmem
 * over an aligned host arena, as in test_ept.c.
 */
#include <stdlib.h>
#include <string.h>

#include "hv/arch/x86/svm/npt.h"
#include "hv/arch/x86/svm/svm_internal.h"
#include "tests/unit/check.h"

#define ARENA_PAGES 64

struct fixture {
	void *mem;
	struct pmem pmem;
	struct stage2 npt;
};

static void setup(struct fixture *f)
{
	f->mem = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	pmem_init(&f->pmem);
	CHECK(pmem_add_range(&f->pmem, ptr_maddr(f->mem),
			     ptr_maddr(f->mem) + ARENA_PAGES * PAGE_SIZE) == ST_OK);
	CHECK(pmem_commit(&f->pmem) == ST_OK);
	CHECK(npt_init(&f->npt, &f->pmem, 1024) == ST_OK);
	CHECK(f->npt.ops == &npt_format.ops);
}

static void teardown(struct fixture *f)
{
	CHECK(s2t_destroy(&f->npt) == ST_OK);
	CHECK(pmem_count(&f->pmem, PMEM_HYPERVISOR) == 1);
	free(f->mem);
}

/* gfn's leaf; every table above it is present, writable and user. */
static uint64_t *leaf_ptr(const struct stage2 *s, gfn_t gfn)
{
	uint64_t *t = mfn_ptr(s->root);

	for (int shift = 27; shift > 0; shift -= 9) {
		uint64_t entry = t[(gfn >> shift) & 511];

		CHECK((entry & (NPT_P | NPT_RW | NPT_US)) == (NPT_P | NPT_RW | NPT_US));
		CHECK(!(entry & NPT_NX));
		t = maddr_ptr(entry & S2T_ADDR_MASK);
	}
	return &t[gfn & 511];
}

/* Without US every guest access faults (shared/notes/EMULATORS.md); NX
 * stands for a page that may not run. */
static void test_leaf_bits(void)
{
	struct fixture f;

	setup(&f);
	CHECK(s2t_map(&f.npt, 7, 0xabcde, S2_RWX) == ST_OK);
	CHECK(*leaf_ptr(&f.npt, 7) == (0xabcde000ull | NPT_P | NPT_RW | NPT_US));
	CHECK(s2t_map(&f.npt, 8, 1, S2_READ) == ST_OK);
	CHECK(*leaf_ptr(&f.npt, 8) == (0x1000ull | NPT_P | NPT_US | NPT_NX));
	CHECK(s2t_map(&f.npt, 9, 2, S2_READ | S2_EXEC) == ST_OK);
	CHECK(*leaf_ptr(&f.npt, 9) == (0x2000ull | NPT_P | NPT_US));
	/* Present means readable: nothing else can be said. */
	CHECK(s2t_map(&f.npt, 10, 3, S2_EXEC) == ST_INVAL);
	CHECK(s2t_map(&f.npt, 10, 3, S2_WRITE) == ST_INVAL);
	CHECK(s2t_map(&f.npt, 10, 3, 0) == ST_INVAL);
	teardown(&f);
}

static void test_accessed_sampling(void)
{
	struct fixture f;
	bool a = true;
	mfn_t m = 0;

	setup(&f);
	CHECK(s2t_map(&f.npt, 5, 0x45, S2_RWX) == ST_OK);
	CHECK(s2t_test_and_clear_accessed(&f.npt, 5, &a) == ST_OK && !a);
	*leaf_ptr(&f.npt, 5) |= NPT_A | NPT_D; /* as the CPU's walk would */
	CHECK(s2t_test_and_clear_accessed(&f.npt, 5, &a) == ST_OK && a);
	CHECK(s2t_test_and_clear_accessed(&f.npt, 5, &a) == ST_OK && !a);
	CHECK(s2t_lookup(&f.npt, 5, &m) == ST_OK && m == 0x45);
	teardown(&f);
}

/* A soft value leaves P clear, so the CPU faults on it. */
static void test_soft_entries_not_present(void)
{
	struct fixture f;
	uint64_t soft = 0;

	setup(&f);
	CHECK(s2t_prepare(&f.npt, 11) == ST_OK);
	CHECK(s2t_set_soft(&f.npt, 11, S2T_SOFT_MAX) == ST_OK);
	CHECK(!(*leaf_ptr(&f.npt, 11) & NPT_P));
	CHECK(s2t_get_soft(&f.npt, 11, &soft) == ST_OK && soft == S2T_SOFT_MAX);
	CHECK(s2t_map(&f.npt, 11, 4, S2_RWX) == ST_OK);
	CHECK(s2t_set_soft(&f.npt, 11, 1) == ST_EXIST);
	teardown(&f);
}

static void test_exit_names(void)
{
	CHECK(!strcmp(svm_exitcode_name(SVM_EXIT_VMMCALL), "vmmcall"));
	CHECK(!strcmp(svm_exitcode_name(SVM_EXIT_NPF), "npf"));
	CHECK(!strcmp(svm_exitcode_name(SVM_EXIT_MSR), "msr"));
	CHECK(!strcmp(svm_exitcode_name(SVM_EXIT_CR0_WRITE), "cr-write"));
	CHECK(!strcmp(svm_exitcode_name(SVM_EXIT_EXCP_BASE + 13), "exception"));
	CHECK(!strcmp(svm_exitcode_name(SVM_EXIT_INVALID_LOW32), "invalid"));
	CHECK(!strcmp(svm_exitcode_name(0x3ff), "other"));
	CHECK(!strcmp(svm_exit_name(EXIT_HYPERCALL), "vmmcall"));
	CHECK(!strcmp(svm_exit_name(EXIT_MEM_FAULT), "npf"));
	CHECK(!strcmp(svm_exit_name(EXIT_TIMER), "intr"));
	CHECK(!strcmp(svm_exit_name(EXIT_SHUTDOWN), "shutdown"));
	CHECK(!strcmp(svm_exit_name(EXIT_UNHANDLED), "unhandled"));
	CHECK(!strcmp(svm_exit_name(EXIT_MSR_READ), "msr-read"));
	CHECK(!strcmp(svm_exit_name(EXIT_MSR_WRITE), "msr-write"));
}

/* The summary's counters tell every kind apart: no two share a name (the
 * MSR kinds once both fell back to code 0, "cr-read"). */
static void test_kind_names_distinct(void)
{
	for (unsigned a = 0; a < EXIT_KINDS; a++)
		for (unsigned b = a + 1; b < EXIT_KINDS; b++)
			CHECK(strcmp(svm_exit_name(a), svm_exit_name(b)));
}

/* Every code below the last one named has a name or is reserved: no exit
 * a guest causes prints as "other" by oversight. */
static void test_codes_named(void)
{
	unsigned other = 0;

	for (uint32_t c = 0; c <= SVM_EXIT_TLBSYNC; c++)
		other += !strcmp(svm_exitcode_name(c), "other");
	CHECK(other == 0);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "NPT leaves: P, US, RW, NX from the permissions; present is readable", test_leaf_bits },
		{ "NPT accessed bit sampled and cleared", test_accessed_sampling },
		{ "NPT soft entries are not present", test_soft_entries_not_present },
		{ "SVM exit codes and kinds named as the APM does", test_exit_names },
		{ "every exit kind has its own SVM name in the summary", test_kind_names_distinct },
		{ "every SVM exit code up to TLBSYNC has a name", test_codes_named },
	};

	return CHECK_RUN("npt", tests);
}
