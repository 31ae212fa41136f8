/*
 * The fuzzing workload's parts: fuzz.c makes the calls and checks each
 * answer; fuzz_model.c keeps the state of every guest page as the guest
 * knows it and says what the hypervisor must answer to a call
 * (include/ballast/hypercall.h), and fuzzcall.S makes a call with every
 * register set, to see which ones come back changed.
 */
#ifndef GUEST_STUB_FUZZ_H
#define GUEST_STUB_FUZZ_H

#include <stdbool.h>
#include <stdint.h>

/* Every general register but RSP, in the order fuzzcall.S keeps them. */
struct fz_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

#define FZ_NREGS 15
_Static_assert(sizeof(struct fz_regs) == FZ_NREGS * 8, "fz_regs layout");

/* Loads *in, makes the call, stores what came back in *out. */
void fuzz_vmcall(const struct fz_regs *in, struct fz_regs *out);

/* A guest page as the guest knows it: whether the hypervisor swapped a
 * touched page out is not the guest's to see. */
enum fz_page { FZ_UNTOUCHED, FZ_TOUCHED, FZ_BALLOONED };

/* What RBX or RCX must hold after a call. */
enum fz_rule {
	FZ_KEEP,   /* as the guest set it */
	FZ_VALUE,  /* the given value */
	FZ_TARGET, /* a balloon target: at most the guest's pages */
};

#define FZ_MAX_ANSWERS 3

/* The answers the hypervisor may give: one, or for an inflate that needs
 * new EPT tables, the pages taken or either retryable refusal. */
struct fz_expect {
	int64_t status[FZ_MAX_ANSWERS];
	unsigned n;
	enum fz_rule rbx, rcx;
	uint64_t rbx_value, rcx_value;
};

/* Pages the model keeps its state in, for a guest of memory_bytes. */
uint64_t fzm_store_pages(uint64_t memory_bytes);
/* store: the first of those pages, zeroed and written by the caller;
 * [loaded_end, protect_end) are the workload's own pages (store's
 * included), which it touches itself. */
void fzm_init(uint64_t memory_bytes, uint64_t guest_id, uint64_t loaded_end,
	      uint64_t protect_end, uint64_t store);
enum fz_page fzm_state(uint64_t gfn);
bool fzm_protected(uint64_t gfn);
/* The guest wrote an untouched page: it holds a machine page now. */
void fzm_touch(uint64_t gfn);
uint64_t fzm_pages(void);

void fzm_predict(const struct fz_regs *in, struct fz_expect *e);
/* An inflate the model would let succeed that takes a page the guest
 * cannot give up (its tables, image, list): never sent. */
bool fzm_takes_protected(const struct fz_regs *in);
/* Records what a call changed, given the status it got. */
void fzm_apply(const struct fz_regs *in, int64_t status);

#endif
