/*
 * The fuzzing workload: seeded random and mutated hypercalls, every one
 * checked against fuzz_model.c's answer, with every register but RAX,
 * and RBX and RCX where a call returns them, required back unchanged.
 * Numbers are any 64-bit value (HC_EXIT only at the end); arguments are
 * drawn from their edges (counts 0, 1, the maximum and one over, values
 * that are right in their low 32 bits only, addresses at and past the end
 * of memory, unaligned, in untouched, ballooned and swapped pages); lists
 * mix good pages, far pages whose tables do not exist yet, pages of the
 * guest's own image, pages outside it and duplicates. Between calls it
 * touches pages (each must read as zeros first) and it ends by checking
 * every page it wrote kept its content. Its pages: a list area above the
 * image, an arena above it that it balloons and touches, and a few far
 * pages it only balloons.
 */
#include <ballast/guest.h>
#include <ballast/hypercall.h>

#include "guest-stub/fuzz.h"
#include "guest-stub/hypercall.h"
#include "guest-stub/lib.h"
#include "guest-stub/report.h"
#include "guest-stub/workloads.h"
#include "hv/mm/prng.h"

#define LIST_PAGES (HC_BALLOON_LIST_PAGES + 1) /* room for max + 1 */
#define ARENA_PAGES (HC_BALLOON_LIST_MAX + 512)
#define FAR_PAGES 64
#define NR_CODES 17 /* 0 and HC_E_UNKNOWN .. HC_E_IO */
#define REPORT_EVERY (1u << 17)
#define SWEEP_EVERY (1u << 15)
#define MAX_SHOWN 8
#define TOUCH_ONE_IN 64 /* a first touch costs an EPT violation */
#define CHECK_KEY 0xa0761d6478bd642full
#define WORDS_PER_PAGE (PAGE_SIZE / 8)

static struct prng rng;
static uint64_t *list;
static uint64_t list_gfn, arena_first, arena_end, memory;
static uint64_t far[FAR_PAGES];
static uint64_t calls, mismatches, skipped, touches, bad_pages, errors;
static uint64_t codes[NR_CODES];

static uint64_t rnd(uint64_t n)
{
	return prng_below(&rng, n);
}

static bool chance(unsigned in)
{
	return rnd(in) == 0;
}

/* What a touched page holds at its end, so a page that comes back from
 * swap wrong, or from another guest, shows. */
static uint64_t check_word(uint64_t gfn)
{
	return gfn * CHECK_KEY ^ (gfn >> 7);
}

static uint64_t pick_page(void)
{
	if (chance(4))
		return far[rnd(FAR_PAGES)];
	return arena_first + rnd(arena_end - arena_first);
}

/* A fuzz page in the given state, or 0 after a few tries. */
static uint64_t pick_in(enum fz_page want)
{
	for (unsigned t = 0; t < 4; t++) {
		uint64_t g = pick_page();

		if (fzm_state(g) == want)
			return g;
	}
	return 0;
}

/* A page of the guest's own: tables, start info, image, list area. */
static uint64_t pick_protected(void)
{
	if (chance(4))
		return 1 + rnd(4);
	return (GUEST_IMAGE_GPA >> PAGE_SHIFT) + rnd(arena_first - (GUEST_IMAGE_GPA >> PAGE_SHIFT));
}

static uint64_t pick_edge_gfn(void)
{
	uint64_t pages = fzm_pages();

	switch (rnd(8)) {
	case 0: return 0;
	case 1: return pages - 1;
	case 2: return pages;
	case 3: return pages + rnd(1u << 20);
	case 4: return (1ull << 32) + pick_page(); /* right in 32 bits */
	case 5: return ~0ull - rnd(4);
	case 6: return 1 + rnd(GUEST_IMAGE_GPA >> PAGE_SHIFT); /* low, unused */
	default: return prng_next(&rng);
	}
}

static uint64_t pick_entry(uint64_t nr, unsigned i)
{
	switch (rnd(16)) {
	case 0: case 1: case 2: case 3: case 4:
		return pick_page();
	case 5: case 6: case 7: case 8: {
		uint64_t g = nr == HC_BALLOON_DEFLATE ? pick_in(FZ_BALLOONED)
						      : pick_in(FZ_TOUCHED);

		return g ? g : pick_page();
	}
	case 9: case 10:
		return pick_in(FZ_UNTOUCHED);
	case 11:
		return pick_protected();
	case 12: case 13:
		return i ? list[rnd(i)] : pick_page();
	default:
		return pick_edge_gfn();
	}
}

static uint64_t pick_count(void)
{
	switch (rnd(64)) {
	case 0: return 0;
	case 1: return HC_BALLOON_LIST_MAX;
	case 2: return HC_BALLOON_LIST_MAX + 1;
	case 3: return (1ull << 32) + 1 + rnd(4); /* right in 32 bits */
	case 4: return prng_next(&rng);
	case 5: return 1 + rnd(HC_BALLOON_LIST_MAX);
	case 6: case 7: case 8: case 9: case 10: case 11: return 17 + rnd(112);
	default: return rnd(3) ? 1 : 2 + rnd(15);
	}
}

/* A good list: distinct pages in the right state, so that many succeed;
 * found by walking the arena from a random page. */
static unsigned fill_good(uint64_t nr, unsigned n)
{
	bool deflate = nr == HC_BALLOON_DEFLATE;
	uint64_t arena = arena_end - arena_first, start = rnd(arena);
	unsigned got = 0;

	for (uint64_t k = 0; got < n && k < arena && k < 16 * n + 64; k++) {
		uint64_t g = arena_first + (start + k) % arena;

		if ((fzm_state(g) == FZ_BALLOONED) == deflate)
			list[got++] = g;
	}
	return got;
}

/* A long list: a run of arena pages from a random one, a few entries
 * then drawn as for a short list. */
static void fill_run(uint64_t nr, unsigned n)
{
	uint64_t arena = arena_end - arena_first, start = rnd(arena);

	for (unsigned i = 0; i < n; i++)
		list[i] = arena_first + (start + i) % arena;
	for (unsigned k = rnd(4); k; k--) {
		unsigned i = (unsigned)rnd(n);

		list[i] = pick_entry(nr, i);
	}
}

/* Where a buffer or list starts: mostly somewhere the guest wrote. */
static uint64_t pick_address(uint64_t good)
{
	uint64_t end = memory, g;

	switch (rnd(16)) {
	case 0: return end - rnd(64);
	case 1: return end + (rnd(2) << PAGE_SHIFT);
	case 2: return ~0ull - rnd(PAGE_SIZE);
	case 3: return (1ull << 32) + good; /* right in 32 bits */
	case 4: return good + 1 + rnd(PAGE_SIZE - 1);
	case 5: return pick_page() << PAGE_SHIFT;
	case 6:
		g = pick_in(FZ_BALLOONED);
		return g ? g << PAGE_SHIFT : good;
	case 7: return (pick_protected() << PAGE_SHIFT) + rnd(PAGE_SIZE);
	case 8: return (pick_page() << PAGE_SHIFT) + PAGE_SIZE - rnd(64);
	default: return good;
	}
}

#define SHORT_LIST 64

static void gen_balloon(struct fz_regs *in)
{
	uint64_t n = pick_count();
	unsigned fill = n <= HC_BALLOON_LIST_MAX ? (unsigned)n : 0;
	unsigned i = 0;

	if (chance(2)) {
		i = fill_good(in->rax, fill);
		if (i)
			n = fill = i;
	} else if (fill > SHORT_LIST) {
		fill_run(in->rax, fill);
		i = fill;
	}
	for (; i < fill; i++)
		list[i] = pick_entry(in->rax, i);
	in->rcx = n;
	in->rbx = chance(5) ? pick_address((uint64_t)(uintptr_t)list)
			    : (uint64_t)(uintptr_t)list;
}

static uint64_t pick_length(void)
{
	switch (rnd(8)) {
	case 0: return 0;
	case 1: return HC_CONSOLE_MAX + rnd(2);
	case 2: return prng_next(&rng);
	case 3: return (1ull << 32) + rnd(8);
	default: return 1 + rnd(HC_CONSOLE_MAX);
	}
}

static uint64_t pick_number(void)
{
	switch (rnd(16)) {
	case 0: return HC_COUNT + rnd(8);
	case 1: return (1ull << 32) + rnd(HC_COUNT); /* right in 32 bits */
	case 2: return (1ull << 63) | rnd(HC_COUNT);
	case 3: return prng_next(&rng);
	default: return rnd(HC_COUNT);
	}
}

static void gen_call(struct fz_regs *in)
{
	uint64_t good = pick_in(FZ_TOUCHED) << PAGE_SHIFT;

	in->rax = pick_number();
	in->rbx = chance(2) ? prng_next(&rng) : rnd(4);
	in->rcx = prng_next(&rng);
	switch (in->rax) {
	case HC_HELLO:
		in->rbx = chance(2) ? BALLAST_ABI_VERSION : pick_edge_gfn();
		break;
	case HC_CONSOLE_WRITE:
		in->rbx = pick_address(good);
		in->rcx = pick_length();
		break;
	case HC_REPORT_STATS:
		in->rbx = pick_address(good);
		in->rcx = chance(4) ? pick_count() : 1 + rnd(HC_STATS_MAX);
		break;
	case HC_BALLOON_INFLATE:
	case HC_BALLOON_DEFLATE:
		gen_balloon(in);
		break;
	default:
		break;
	}
}

/* One bit or one step off a made call, in its number or its arguments. */
static void mutate(struct fz_regs *in)
{
	uint64_t bitv = 1ull << rnd(64);

	switch (rnd(6)) {
	case 0: in->rax ^= bitv; break;
	case 1: in->rbx ^= bitv; break;
	case 2: in->rcx ^= bitv; break;
	case 3: in->rcx += rnd(3) - 1; break;
	case 4: in->rbx += (rnd(2) ? 8 : PAGE_SIZE) * (rnd(2) ? 1 : -1ull); break;
	default:
		list[rnd(HC_BALLOON_LIST_MAX)] ^= 1ull << rnd(64);
		break;
	}
}

static void set_other_regs(struct fz_regs *in)
{
	uint64_t *r = &in->rdx;

	for (unsigned i = 0; i < FZ_NREGS - 3; i++)
		r[i] = prng_next(&rng);
}

/* Calls that must not go: the exit, text the console would print (the
 * log would fill with noise; length 0 is as good a check), and an inflate
 * that would take a page the guest needs. */
static bool tame(struct fz_regs *in)
{
	if (in->rax == HC_EXIT)
		in->rax = HC_COUNT;
	if (in->rax == HC_CONSOLE_WRITE && in->rcx && in->rcx <= HC_CONSOLE_MAX) {
		struct fz_expect e;

		fzm_predict(in, &e);
		if (e.status[0] == 0)
			in->rcx = 0;
	}
	if (!fzm_takes_protected(in))
		return true;
	if (in->rbx != (uint64_t)(uintptr_t)list)
		return false;
	list[rnd(in->rcx)] = fzm_pages(); /* out of range: refused whole */
	return true;
}

static bool rule_holds(enum fz_rule rule, uint64_t value, uint64_t before,
		       uint64_t after)
{
	if (rule == FZ_VALUE)
		return after == value;
	if (rule == FZ_TARGET)
		return after <= fzm_pages();
	return after == before;
}

static bool answer_allowed(const struct fz_expect *e, int64_t st)
{
	for (unsigned i = 0; i < e->n; i++)
		if (e->status[i] == st)
			return true;
	return false;
}

static void check(const struct fz_regs *in, const struct fz_regs *out,
		  const struct fz_expect *e)
{
	const uint64_t *a = &in->rdx, *b = &out->rdx;
	bool ok = answer_allowed(e, (int64_t)out->rax) &&
		  rule_holds(e->rbx, e->rbx_value, in->rbx, out->rbx) &&
		  rule_holds(e->rcx, e->rcx_value, in->rcx, out->rcx);

	for (unsigned i = 0; i < FZ_NREGS - 3; i++)
		ok &= a[i] == b[i];
	if (ok)
		return;
	if (mismatches++ < MAX_SHOWN)
		gprintf("fuzz mismatch, call %lu: nr 0x%lx rbx 0x%lx rcx 0x%lx: status %ld rbx 0x%lx rcx 0x%lx, want %ld\n",
			calls, in->rax, in->rbx, in->rcx, (long)out->rax,
			out->rbx, out->rcx, (long)e->status[0]);
}

static void count_answer(int64_t st)
{
	unsigned k = st >= 0 ? 0 : (unsigned)-st;

	codes[k < NR_CODES ? k : 0]++;
	errors += st < 0;
}

static void call(struct fz_regs *in)
{
	struct fz_regs out;
	struct fz_expect e;

	fzm_predict(in, &e);
	fuzz_vmcall(in, &out);
	calls++;
	check(in, &out, &e);
	count_answer((int64_t)out.rax);
	fzm_apply(in, (int64_t)out.rax);
}

static void fuzz_one(void)
{
	struct fz_regs in;

	gen_call(&in);
	if (chance(4))
		mutate(&in);
	set_other_regs(&in);
	if (tame(&in))
		call(&in);
	else
		skipped++;
}

/* Writes an untouched page, which must read as zeros first (never
 * touched, or deflated: "zeroed on their next touch"). Its words are
 * pages a list read from it names. */
static void touch(uint64_t g)
{
	volatile uint64_t *w = gfn_ptr(g);
	uint64_t nonzero = 0;

	for (unsigned i = 0; i < WORDS_PER_PAGE; i++)
		nonzero |= w[i];
	bad_pages += nonzero != 0;
	fzm_touch(g);
	for (unsigned i = 0; i < 64; i++)
		w[i] = chance(2) ? pick_page() : pick_edge_gfn();
	w[WORDS_PER_PAGE - 1] = check_word(g);
	touches++;
}

static void touch_some(void)
{
	uint64_t g = arena_first + rnd(arena_end - arena_first);

	if (fzm_state(g) == FZ_UNTOUCHED)
		touch(g);
}

static void send_list(uint64_t nr, unsigned n)
{
	struct fz_regs in = { .rax = nr, .rbx = (uint64_t)(uintptr_t)list, .rcx = n };

	set_other_regs(&in);
	call(&in);
}

static uint64_t nth_fuzz_page(uint64_t k)
{
	uint64_t arena = arena_end - arena_first;

	return k < arena ? arena_first + k : far[k - arena];
}

/* Every page back out of the balloon, in lists of the maximum, then a
 * list of the maximum in: the edges that random lists seldom reach. */
static void sweep(void)
{
	uint64_t total = arena_end - arena_first + FAR_PAGES;
	unsigned n = 0;

	for (uint64_t k = 0; k < total; k++) {
		uint64_t g = nth_fuzz_page(k);

		if (fzm_state(g) != FZ_BALLOONED)
			continue;
		list[n++] = g;
		if (n == HC_BALLOON_LIST_MAX) {
			send_list(HC_BALLOON_DEFLATE, n);
			n = 0;
		}
	}
	if (n)
		send_list(HC_BALLOON_DEFLATE, n);
	n = 0;
	for (uint64_t g = arena_first; g < arena_end && n < HC_BALLOON_LIST_MAX; g++)
		if (fzm_state(g) != FZ_BALLOONED)
			list[n++] = g;
	send_list(HC_BALLOON_INFLATE, n);
}

/* Every page it wrote still holds what it wrote last. */
static void verify(void)
{
	for (uint64_t g = arena_first; g < arena_end; g++) {
		volatile uint64_t *w = gfn_ptr(g);

		if (fzm_state(g) == FZ_TOUCHED && w[WORDS_PER_PAGE - 1] != check_word(g))
			bad_pages++;
	}
}

static bool place(const struct guest_start_info *si, uint64_t first_gfn)
{
	uint64_t pages = si->memory_bytes >> PAGE_SHIFT;

	uint64_t store = first_gfn + LIST_PAGES;

	memory = si->memory_bytes;
	list_gfn = first_gfn;
	arena_first = store + fzm_store_pages(si->memory_bytes);
	arena_end = arena_first + ARENA_PAGES;
	if (si->memory_bytes > GUEST_MAPPED_LIMIT || arena_end + FAR_PAGES > pages) {
		gprintf("fuzz needs %lu to %lu MiB of memory\n",
			((arena_end + FAR_PAGES) >> 8) + 1, (uint64_t)(GUEST_MAPPED_LIMIT >> 20));
		return false;
	}
	for (uint64_t g = list_gfn; g < arena_first; g++) /* untouched: zero */
		((volatile uint64_t *)gfn_ptr(g))[0] = 0;
	fzm_init(si->memory_bytes, si->guest_id, first_gfn, arena_first, store);
	list = gfn_ptr(list_gfn);
	for (uint64_t g = list_gfn; g < arena_first; g++)
		fzm_touch(g);
	for (unsigned i = 0; i < FAR_PAGES; i++) /* distinct, spread */
		far[i] = arena_end + i * ((pages - arena_end) / FAR_PAGES) +
			 rnd((pages - arena_end) / FAR_PAGES);
	return true;
}

static void report(void)
{
	gprintf("fuzz: %lu calls, %lu mismatches, %lu refused, %lu skipped; %lu pages touched, %lu changed\n",
		calls, mismatches, errors, skipped, touches, bad_pages);
	gprintf("fuzz answers: ok %lu; -1 %lu; -2 %lu; -3 %lu; -4 %lu; -5 %lu; -6 %lu; -7 %lu; -8 %lu; -9 %lu; -10 %lu; -11 %lu; -12 %lu; -13 %lu; -14 %lu; -15 %lu; -16 %lu\n",
		codes[0], codes[1], codes[2], codes[3], codes[4], codes[5],
		codes[6], codes[7], codes[8], codes[9], codes[10], codes[11],
		codes[12], codes[13], codes[14], codes[15], codes[16]);
}

void run_fuzz(const struct guest_start_info *si, uint64_t first_gfn)
{
	uint64_t target = si->param[0], next_sweep = SWEEP_EVERY;
	uint64_t next_report = REPORT_EVERY;

	prng_seed(&rng, si->seed);
	if (!place(si, first_gfn)) {
		report_error("no room for the fuzzer's pages");
		return;
	}
	while (calls < target) {
		if (chance(TOUCH_ONE_IN))
			touch_some();
		fuzz_one();
		if (calls >= next_sweep) {
			verify();
			sweep();
			next_sweep += SWEEP_EVERY;
		}
		if (calls >= next_report) {
			gprintf("fuzz: %lu calls, %lu mismatches so far\n", calls, mismatches);
			next_report += REPORT_EVERY;
		}
	}
	verify();
	report();
	if (mismatches || bad_pages)
		report_fail("%lu mismatches, %lu pages lost their data", mismatches,
			    bad_pages);
	else
		report_pass();
}
