/*
 * Guest lifecycle: create a guest from its scenario line (map its page
 * tables, start info and image, set up its vCPU), and end it, by its own
 * exit or by the hypervisor stopping it. Ending gives every machine page
 * the guest held back to the allocator.
 */
#include "hv/core/guest.h"

#include <ballast/hypercall.h>
#include <ballast/result.h>
#include <stdarg.h>

#include "hv/core/console.h"
#include "hv/core/linux_guest.h"
#include "hv/lib/print.h"
#include "hv/lib/string.h"

#define GUEST_PDPT_GPA (GUEST_PML4_GPA + PAGE_SIZE)
#define GUEST_PD_GPA (GUEST_PML4_GPA + 2 * PAGE_SIZE)
#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_PS 0x80ull
#define LARGE_PAGE_SIZE (1ull << 21)

int guest_write_page_tables(struct p2m *p)
{
	uint64_t table[512];
	int st;

	memset(table, 0, sizeof(table));
	table[0] = GUEST_PDPT_GPA | PTE_P | PTE_W;
	st = p2m_write(p, GUEST_PML4_GPA, table, sizeof(table));
	if (st != ST_OK)
		return st;
	table[0] = GUEST_PD_GPA | PTE_P | PTE_W;
	st = p2m_write(p, GUEST_PDPT_GPA, table, sizeof(table));
	if (st != ST_OK)
		return st;
	for (unsigned i = 0; i < 512; i++)
		table[i] = i * LARGE_PAGE_SIZE | PTE_P | PTE_W | PTE_PS;
	return p2m_write(p, GUEST_PD_GPA, table, sizeof(table));
}

static void set_workload(struct guest_start_info *si,
			 const struct scn_guest *sg)
{
	si->workload = sg->workload;
	switch (sg->workload) {
	case GUEST_WL_PATTERN:
		si->param[0] = sg->touch;
		break;
	case GUEST_WL_WILD:
		si->param[0] = sg->wild_at;
		break;
	case GUEST_WL_VMCALL_BENCH:
	case GUEST_WL_FUZZ:
		si->param[0] = sg->calls;
		break;
	case GUEST_WL_ATTACK:
		si->param[0] = sg->attack;
		break;
	case GUEST_WL_CONTENTION:
		si->param[0] = sg->heap;
		si->param[1] = sg->work;
		si->param[2] = sg->active_bp;
		break;
	default:
		break;
	}
}

static int write_start_info(struct guest *g, const struct scn_guest *sg,
			    uint64_t seed)
{
	struct guest_start_info si;

	memset(&si, 0, sizeof(si));
	si.magic = GUEST_START_MAGIC;
	si.abi_version = BALLAST_ABI_VERSION;
	si.guest_id = g->id;
	si.memory_bytes = sg->memory;
	set_workload(&si, sg);
	si.flags = (sg->balloon ? GUEST_START_BALLOON : 0) | virt_guest_flags();
	si.seed = seed * 1000003 + g->id;
	memcpy(si.name, g->name, sizeof(si.name));
	return p2m_write(&g->p2m, GUEST_START_INFO_GPA, &si, sizeof(si));
}

static const char *check_image(const struct guest_image *img, uint64_t memory)
{
	const struct guest_image_header *h = (const void *)img->data;
	uint64_t loaded_end = GUEST_IMAGE_GPA + img->size;

	if (img->size < sizeof(*h) || h->magic != GUEST_IMAGE_MAGIC)
		return "not a guest stub image (bad magic)";
	if (h->abi_version != BALLAST_ABI_VERSION)
		return "guest image speaks another ABI version";
	if (h->image_end != loaded_end || h->bss_end < h->image_end)
		return "guest image size does not match its header";
	if (h->entry < GUEST_IMAGE_GPA || h->entry >= h->image_end ||
	    h->stack_top <= h->image_end || h->stack_top > h->bss_end)
		return "guest image entry or stack outside the image";
	if (h->bss_end > memory || h->bss_end > GUEST_MAPPED_LIMIT)
		return "guest memory too small for the guest image";
	return 0;
}

static int load_image(struct guest *g, const struct guest_image *img)
{
	const struct guest_image_header *h = (const void *)img->data;
	int st = p2m_write(&g->p2m, GUEST_IMAGE_GPA, img->data, img->size);

	if (st != ST_OK)
		return st;
	return p2m_populate(&g->p2m, h->image_end, h->bss_end - h->image_end);
}

/* A guest stub: its tables, start info and image, entered at the
 * header's entry with the start info in RDI. */
static int build_stub(struct guest *g, const struct scn_guest *sg,
		      const struct guest_image *img, uint64_t seed,
		      struct vcpu_start *start)
{
	const struct guest_image_header *h = (const void *)img->data;
	int st = guest_write_page_tables(&g->p2m);

	if (st == ST_OK)
		st = write_start_info(g, sg, seed);
	if (st == ST_OK)
		st = load_image(g, img);
	g->first_swappable = (h->bss_end + PAGE_MASK) >> PAGE_SHIFT;
	*start = (struct vcpu_start){
		.rip = h->entry,
		.rsp = h->stack_top,
		.rdi = GUEST_START_INFO_GPA,
		.cr3 = GUEST_PML4_GPA,
	};
	return st;
}

static int check_guest(const struct guest *g, const struct scn_guest *sg,
		       const struct guest_image *img, struct linux_kernel *k)
{
	const char *bad;

	if (g->linux_boot)
		return linux_guest_check(g, sg, img, k);
	bad = check_image(img, sg->memory);
	if (!bad)
		return ST_OK;
	printk("ballast: guest %s: %s\n", g->name, bad);
	return ST_INVAL;
}

/* A kernel's every page but the first may be swapped: nothing of the
 * hypervisor's reads its memory, and the checks of memtest86+ run over
 * all of it. */
static int build_memory(struct guest *g, const struct scn_guest *sg,
			const struct guest_image *img,
			const struct linux_kernel *k, uint64_t seed,
			struct vcpu_start *start)
{
	if (!g->linux_boot)
		return build_stub(g, sg, img, seed, start);
	g->first_swappable = 1;
	guest_dev_init(g, sg->pass_at, sg->fail_at);
	return linux_guest_build(g, sg, img, k, start);
}

int guest_create(struct guest *g, unsigned id, const struct scn_guest *sg,
		 const struct guest_image *img, struct pmem *pmem,
		 uint64_t seed)
{
	const struct stage2_ops *s2 = virt_stage2();
	struct vcpu_start start;
	struct linux_kernel k;
	int st;

	memset(g, 0, sizeof(*g));
	g->id = id;
	g->memory_bytes = sg->memory;
	g->linux_boot = sg->kernel[0] != '\0';
	memcpy(g->name, sg->name, sizeof(g->name) - 1);
	if (check_guest(g, sg, img, &k) != ST_OK)
		return ST_INVAL;
	st = p2m_init(&g->p2m, pmem, s2, sg->memory);
	if (st == ST_RANGE) {
		printk("ballast: guest %s: %lu GiB of memory is past %s's reach: a %u-level walk maps %lu GiB of guest-physical memory\n",
		       g->name, sg->memory >> 30, s2->name, s2->levels,
		       (uint64_t)(s2->gfn_limit_max >> (30 - PAGE_SHIFT)));
		return ST_RANGE;
	}
	if (st == ST_OK)
		st = build_memory(g, sg, img, &k, seed, &start);
	g->vmcs = st == ST_OK ? pmem_alloc(pmem, PMEM_HYPERVISOR) : MFN_INVALID;
	if (st != ST_OK || g->vmcs == MFN_INVALID) {
		printk("ballast: guest %s: not enough machine memory to load it (%lu pages managed, %lu free before it)\n",
		       g->name, pmem_total(pmem),
		       pmem_count(pmem, PMEM_FREE) + g->p2m.mapped_pages +
			       g->p2m.s2.table_pages);
		return ST_NOMEM;
	}
	swapper_track(&g->swap, &g->p2m, g->id, g->name, g->first_swappable);
	start.stage2_root = g->p2m.s2.root;
	return vcpu_init(&g->vcpu, &start, g->vmcs);
}

uint64_t guest_hv_pages(const struct guest *g)
{
	return (g->vmcs != MFN_INVALID) + g->p2m.s2.table_pages +
	       victims_pages(&g->swap.victims);
}

static uint64_t per_table(uint64_t n)
{
	return (n + S2_ENTRIES - 1) / S2_ENTRIES;
}

uint64_t guest_hv_bound(uint64_t pages)
{
	uint64_t leaves = per_table(pages), dirs = per_table(leaves);
	uint64_t entry_pages = (2 * pages + VICTIMS_SLACK) / VICTIMS_PER_PAGE + 2;

	return 1 + leaves + dirs + per_table(dirs) + 1 +
	       entry_pages + per_table(entry_pages);
}

static void release_memory(struct guest *g)
{
	printk("ballast: guest %u %s: pages loaded %lu, demand-mapped %lu, mapped at end %lu\n",
	       g->id, g->name, g->p2m.loaded_pages, g->p2m.demand_pages,
	       g->p2m.mapped_pages);
	swapper_release(&g->swap);
	if (p2m_destroy(&g->p2m) != ST_OK)
		panic("guest %s: its %s tables are broken", g->name,
		      g->p2m.s2.ops->name);
	vcpu_release(&g->vcpu);
	if (pmem_free(g->p2m.pmem, g->vmcs, PMEM_HYPERVISOR) != ST_OK)
		panic("guest %s: its VMCS page was not the hypervisor's", g->name);
	g->vmcs = MFN_INVALID;
}

void guest_stop(struct guest *g, const char *fmt, ...)
{
	static char reason[128];
	va_list ap;

	va_start(ap, fmt);
	vformat(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	printk("ballast: guest %u %s stopped: %s\n", g->id, g->name, reason);
	vcpu_dump(&g->vcpu);
	g->state = GUEST_STOPPED;
	g->stop_reason = "stopped by the hypervisor";
	release_memory(g);
}

void guest_exit(struct guest *g, int64_t code)
{
	g->state = GUEST_EXITED;
	g->exit_code = code;
	release_memory(g);
}

void guest_cut(struct guest *g, bool over_limit)
{
	g->state = GUEST_CUT;
	g->stop_reason = over_limit ? "still running at the run's time limit"
				    : "still running at the scenario's end";
	g->exit_code = over_limit;
}

bool guest_failed(const struct guest *g)
{
	return g->state == GUEST_STOPPED ||
	       (g->state != GUEST_RUNNABLE && g->exit_code != GUEST_PASS);
}

const char *guest_exit_text(int64_t code, char *buf, unsigned long size)
{
	const char *name = guest_result_name(code);

	if (name)
		return name;
	format(buf, size, "code %ld", (long)code);
	return buf;
}

void guest_block(struct guest *g)
{
	if (!g->blocked)
		g->blocked_events++;
	g->blocked = true;
}
