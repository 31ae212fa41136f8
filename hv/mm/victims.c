/* Swap victims (see victims.h): the algorithm, over any store. */
#include "hv/mm/victims.h"

#define PER_DIR (VICTIMS_PER_PAGE * VICTIMS_PER_PAGE)

void victims_init(struct victims *v, const struct victims_ops *ops,
		  void *store, const void *owner, gfn_t first)
{
	*v = (struct victims){
		.ops = ops, .store = store, .owner = owner, .first = first,
	};
}

static gfn_t **dir_slot(const struct victims *v, uint64_t i)
{
	return v->dir[i / PER_DIR] + i % PER_DIR / VICTIMS_PER_PAGE;
}

static gfn_t *entry(const struct victims *v, uint64_t i)
{
	return *dir_slot(v, i) + i % VICTIMS_PER_PAGE;
}

static uint32_t *back_index(const struct victims *v, gfn_t gfn)
{
	return v->ops->back(v->store, v->owner, gfn);
}

/* Entry i is valid: its page is mapped and the page's back index says i.
 * *back: that slot. */
static bool valid(struct victims *v, uint64_t i, uint32_t **back)
{
	v->checks++;
	*back = back_index(v, *entry(v, i));
	return *back && **back == i;
}

int victims_reserve(struct victims *v)
{
	uint64_t i = v->capacity;
	void *page;

	if (v->n < v->capacity)
		return ST_OK;
	if (i / PER_DIR >= VICTIMS_DIRS)
		return ST_NOMEM;
	/* A directory taken stays when its first entry page cannot be: the
	 * next try then needs one page, as a guest page does. */
	if (!v->dir[i / PER_DIR]) {
		page = v->ops->alloc(v->store);
		if (!page)
			return ST_NOMEM;
		v->dir[i / PER_DIR] = page;
	}
	page = v->ops->alloc(v->store);
	if (!page)
		return ST_NOMEM;
	*dir_slot(v, i) = page;
	v->capacity += VICTIMS_PER_PAGE;
	return ST_OK;
}

uint64_t victims_pages(const struct victims *v)
{
	uint64_t n = v->capacity / VICTIMS_PER_PAGE;

	for (unsigned d = 0; d < VICTIMS_DIRS; d++)
		n += v->dir[d] != 0;
	return n;
}

static void free_dir(struct victims *v, uint64_t d)
{
	v->ops->free(v->store, v->dir[d]);
	v->dir[d] = 0;
}

static void free_last_page(struct victims *v)
{
	uint64_t i = v->capacity - VICTIMS_PER_PAGE;

	v->ops->free(v->store, *dir_slot(v, i));
	if (i % PER_DIR == 0)
		free_dir(v, i / PER_DIR);
	v->capacity = i;
}

/* Gives back entry pages beyond one spare, so that a set does not hold
 * pages in the way of the guests, nor thrash at a page boundary. */
static void shrink(struct victims *v)
{
	while (v->capacity >= v->n + 2 * VICTIMS_PER_PAGE)
		free_last_page(v);
}

/* Keeps the valid entries, in their order. */
static void sweep(struct victims *v)
{
	uint64_t kept = 0;
	uint32_t *back;

	for (uint64_t i = 0; i < v->n; i++) {
		if (!valid(v, i, &back))
			continue;
		*entry(v, kept) = *entry(v, i);
		*back = (uint32_t)kept++;
	}
	v->n = kept;
	shrink(v);
}

int victims_add(struct victims *v, gfn_t gfn)
{
	uint32_t *back;

	if (gfn < v->first)
		return ST_OK;
	if (v->n == v->capacity)
		return ST_NOMEM;
	back = back_index(v, gfn);
	if (!back)
		return ST_NOENT;
	*entry(v, v->n) = gfn;
	*back = (uint32_t)v->n++;
	if (v->n > 2 * v->ops->mapped(v->owner) + VICTIMS_SLACK)
		sweep(v);
	return ST_OK;
}

/* Moves the last entry into i's place. */
static void remove_at(struct victims *v, uint64_t i)
{
	uint64_t last = v->n - 1;
	uint32_t *back;

	if (i != last) {
		if (valid(v, last, &back))
			*back = (uint32_t)i;
		*entry(v, i) = *entry(v, last);
	}
	v->n--;
	shrink(v);
}

int victims_take(struct victims *v, struct prng *rng, gfn_t *gfn)
{
	uint32_t *back;

	while (v->n) {
		uint64_t i = prng_below(rng, v->n);
		bool ok = valid(v, i, &back);

		*gfn = *entry(v, i);
		if (ok) /* no other entry of the page may pass for it */
			*back = UINT32_MAX;
		remove_at(v, i);
		if (ok)
			return ST_OK;
	}
	return ST_NOENT;
}

uint64_t victims_entries(const struct victims *v)
{
	return v->n;
}

void victims_destroy(struct victims *v)
{
	v->n = 0;
	while (v->capacity)
		free_last_page(v);
	for (uint64_t d = 0; d < VICTIMS_DIRS; d++)
		if (v->dir[d]) /* taken by a reserve whose entry page was not */
			free_dir(v, d);
}
