/*
 * The fuzzing workload's model of the hypervisor (see fuzz.h): the state
 * of each of the guest's pages as the guest made it, and from it the one
 * answer include/ballast/hypercall.h allows for any call, in the order
 * the hypervisor checks: the caller, the number, the counts, the
 * alignment, the buffer (HC_E_FAULT unless every byte is in a page the
 * guest wrote), then each list entry in list order (range, then the
 * page's balloon state), then duplicates, then the tables the list needs.
 * Only a list that needs a new EPT table may get a retryable refusal.
 */
#include <ballast/guest.h>
#include <ballast/hypercall.h>

#include "guest-stub/fuzz.h"
#include "guest-stub/lib.h"

#define REGION_SHIFT 9 /* what one EPT leaf table maps: 2 MiB */

/* In the guest's own pages (fzm_store_pages), not in the image: every
 * guest loads the image's bss, and only this workload needs them. */
static uint64_t *touched, *ballooned, *protect, *seen;
/* Pages of each 2 MiB region that are touched or ballooned: the region
 * has a leaf table exactly when this is not 0 (a deflate frees a table
 * that holds nothing, and nothing else does). */
static uint16_t *region_used;
/* The last list predicted, copied: the call may balloon its own page. */
static uint64_t *list;
static uint64_t pages, id;
static bool driver;

static bool bit(const uint64_t *map, uint64_t g)
{
	return map[g / 64] & (1ull << (g % 64));
}

static void set_bit(uint64_t *map, uint64_t g)
{
	map[g / 64] |= 1ull << (g % 64);
}

static void clear_bit(uint64_t *map, uint64_t g)
{
	map[g / 64] &= ~(1ull << (g % 64));
}

void fzm_touch(uint64_t gfn)
{
	set_bit(touched, gfn);
	region_used[gfn >> REGION_SHIFT]++;
}

static uint64_t map_words(uint64_t memory_bytes)
{
	return ((memory_bytes >> PAGE_SHIFT) + 63) / 64;
}

uint64_t fzm_store_pages(uint64_t memory_bytes)
{
	uint64_t bytes = 4 * 8 * map_words(memory_bytes) +
			 2 * ((memory_bytes >> (PAGE_SHIFT + REGION_SHIFT)) + 1) +
			 8 * HC_BALLOON_LIST_MAX;

	return (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* Zeroed pages from gfn store on, fzm_store_pages of them. */
static void carve(uint64_t memory_bytes, uint64_t store)
{
	uint64_t *p = gfn_ptr(store), w = map_words(memory_bytes);

	touched = p;
	ballooned = p + w;
	protect = p + 2 * w;
	seen = p + 3 * w;
	list = p + 4 * w;
	region_used = (uint16_t *)(list + HC_BALLOON_LIST_MAX);
}

/* The start state of include/ballast/guest.h: the tables and the start
 * info, and the image with its bss, are mapped; [loaded_end, protect_end)
 * are the workload's own (its list and this model's store), which it
 * touches itself. */
void fzm_init(uint64_t memory_bytes, uint64_t guest_id, uint64_t loaded_end,
	      uint64_t protect_end, uint64_t store)
{
	carve(memory_bytes, store);
	pages = memory_bytes >> PAGE_SHIFT;
	id = guest_id;
	for (uint64_t g = GUEST_PML4_GPA >> PAGE_SHIFT;
	     g <= GUEST_START_INFO_GPA >> PAGE_SHIFT; g++) {
		fzm_touch(g);
		set_bit(protect, g);
	}
	for (uint64_t g = GUEST_IMAGE_GPA >> PAGE_SHIFT; g < protect_end; g++) {
		if (g < loaded_end)
			fzm_touch(g);
		set_bit(protect, g);
	}
}

enum fz_page fzm_state(uint64_t gfn)
{
	if (bit(ballooned, gfn))
		return FZ_BALLOONED;
	return bit(touched, gfn) ? FZ_TOUCHED : FZ_UNTOUCHED;
}

bool fzm_protected(uint64_t gfn)
{
	return bit(protect, gfn);
}

uint64_t fzm_pages(void)
{
	return pages;
}

static void answer(struct fz_expect *e, int64_t status)
{
	*e = (struct fz_expect){ { status }, 1, FZ_KEEP, FZ_KEEP, 0, 0 };
}

/* Whether the hypervisor can read [gpa, gpa + len): inside the guest and
 * in pages the guest wrote (a swapped one is read back). */
static bool readable(uint64_t gpa, uint64_t len)
{
	uint64_t size = pages << PAGE_SHIFT;

	if (gpa >= size || len > size - gpa)
		return false;
	for (uint64_t g = gpa >> PAGE_SHIFT; len && g <= (gpa + len - 1) >> PAGE_SHIFT; g++)
		if (fzm_state(g) != FZ_TOUCHED)
			return false;
	return true;
}

static void predict_hello(const struct fz_regs *in, struct fz_expect *e)
{
	if (in->rbx != BALLAST_ABI_VERSION) {
		answer(e, HC_E_VERSION);
		return;
	}
	answer(e, 0);
	e->rbx = FZ_VALUE;
	e->rbx_value = BALLAST_ABI_VERSION;
	e->rcx = FZ_VALUE;
	e->rcx_value = id;
}

static void predict_console(const struct fz_regs *in, struct fz_expect *e)
{
	uint64_t size = pages << PAGE_SHIFT;

	if (in->rcx > HC_CONSOLE_MAX)
		answer(e, HC_E_INVAL);
	else if (in->rbx >= size || in->rcx > size - in->rbx)
		answer(e, HC_E_FAULT);
	else
		answer(e, readable(in->rbx, in->rcx) ? 0 : HC_E_FAULT);
}

static void predict_stats(const struct fz_regs *in, struct fz_expect *e)
{
	if (in->rcx == 0 || in->rcx > HC_STATS_MAX)
		answer(e, HC_E_COUNT);
	else
		answer(e, readable(in->rbx, in->rcx * sizeof(struct balloon_stat))
				  ? 0 : HC_E_FAULT);
}

static int64_t check_entry(uint64_t nr, uint64_t gfn)
{
	if (gfn >= pages)
		return HC_E_RANGE;
	if (nr == HC_BALLOON_INFLATE && fzm_state(gfn) == FZ_BALLOONED)
		return HC_E_BALLOONED;
	if (nr == HC_BALLOON_DEFLATE && fzm_state(gfn) != FZ_BALLOONED)
		return HC_E_NOT_BALLOONED;
	return 0;
}

/* The entries' own checks, then duplicates (with a bitmap, cleared
 * again): the first refusal, or 0. */
static int64_t check_list(uint64_t nr, const uint64_t *l, uint64_t n)
{
	int64_t st = 0;

	for (uint64_t i = 0; i < n; i++) {
		st = check_entry(nr, l[i]);
		if (st)
			return st;
	}
	for (uint64_t i = 0; i < n; i++) {
		if (bit(seen, l[i]))
			st = HC_E_DUPLICATE;
		set_bit(seen, l[i]);
	}
	for (uint64_t i = 0; i < n; i++)
		clear_bit(seen, l[i]);
	return st;
}

static bool needs_tables(const uint64_t *l, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (!region_used[l[i] >> REGION_SHIFT])
			return true;
	return false;
}

static void copy_list(const struct fz_regs *in)
{
	const volatile uint64_t *l = (const uint64_t *)(uintptr_t)in->rbx;

	for (uint64_t i = 0; i < in->rcx; i++)
		list[i] = l[i];
}

static void predict_balloon(const struct fz_regs *in, struct fz_expect *e)
{
	const uint64_t *l = list;
	int64_t st;

	if (!driver)
		st = HC_E_NO_DRIVER;
	else if (in->rcx == 0 || in->rcx > HC_BALLOON_LIST_MAX)
		st = HC_E_COUNT;
	else if (in->rbx & (PAGE_SIZE - 1))
		st = HC_E_ALIGN;
	else if (!readable(in->rbx, in->rcx * sizeof(uint64_t)))
		st = HC_E_FAULT;
	else {
		copy_list(in);
		st = check_list(in->rax, l, in->rcx);
	}
	answer(e, st ? st : (int64_t)in->rcx);
	if (st)
		return;
	e->rbx = FZ_TARGET;
	if (in->rax == HC_BALLOON_INFLATE && needs_tables(l, in->rcx)) {
		e->status[1] = HC_E_AGAIN;
		e->status[2] = HC_E_LIMIT;
		e->n = 3;
	}
}

static void predict_block_info(struct fz_expect *e)
{
	answer(e, 0);
	e->rbx = FZ_VALUE;
	e->rbx_value = 0;
	e->rcx = FZ_VALUE;
	e->rcx_value = BLOCK_SECTOR_SIZE;
}

void fzm_predict(const struct fz_regs *in, struct fz_expect *e)
{
	switch (in->rax) {
	case HC_HELLO: predict_hello(in, e); break;
	case HC_CONSOLE_WRITE: predict_console(in, e); break;
	case HC_YIELD: answer(e, 0); break;
	case HC_BALLOON_TARGET:
		answer(e, 0);
		e->rbx = FZ_TARGET;
		break;
	case HC_BALLOON_INFLATE:
	case HC_BALLOON_DEFLATE: predict_balloon(in, e); break;
	case HC_REPORT_STATS: predict_stats(in, e); break;
	case HC_BLOCK_INFO: predict_block_info(e); break;
	/* the fuzzed guest has no paging area */
	case HC_BLOCK_IO: answer(e, HC_E_NO_DEVICE); break;
	default: answer(e, HC_E_UNKNOWN); break;
	}
}

bool fzm_takes_protected(const struct fz_regs *in)
{
	struct fz_expect e;

	if (in->rax != HC_BALLOON_INFLATE)
		return false;
	fzm_predict(in, &e);
	if (e.status[0] != (int64_t)in->rcx)
		return false;
	for (uint64_t i = 0; i < in->rcx; i++)
		if (fzm_protected(list[i]))
			return true;
	return false;
}

static void inflated(uint64_t g)
{
	if (bit(touched, g))
		clear_bit(touched, g);
	else
		region_used[g >> REGION_SHIFT]++;
	set_bit(ballooned, g);
}

static void deflated(uint64_t g)
{
	clear_bit(ballooned, g);
	region_used[g >> REGION_SHIFT]--;
}

/* After fzm_predict of the same call, whose list it copied. */
void fzm_apply(const struct fz_regs *in, int64_t status)
{
	const uint64_t *l = list;

	if (in->rax == HC_BALLOON_TARGET && status == 0)
		driver = true;
	if ((in->rax != HC_BALLOON_INFLATE && in->rax != HC_BALLOON_DEFLATE) ||
	    status <= 0 || status != (int64_t)in->rcx)
		return;
	for (uint64_t i = 0; i < in->rcx; i++) {
		if (in->rax == HC_BALLOON_INFLATE)
			inflated(l[i]);
		else
			deflated(l[i]);
	}
}
