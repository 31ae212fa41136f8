/*
 * hv_main: the hypervisor's C entry, called by the boot path in long mode.
 * It reads the scenario, takes the machine memory the scenario gives it,
 * enters VMX operation, builds the guests, runs them until every one has
 * ended, prints the summary and stops the machine with the run's verdict.
 */
#include <stdint.h>

#include "boot/multiboot/mb2.h"
#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/gdt.h"
#include "hv/arch/x86/power.h"
#include "hv/arch/x86/trap.h"
#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/guest.h"
#include "hv/core/memctl.h"
#include "hv/core/sched.h"
#include "hv/core/swapper.h"
#include "hv/dev/ata.h"
#include "hv/dev/pic.h"
#include "hv/lib/checksum.h"
#include "hv/lib/string.h"
#include "hv/mm/memmap.h"
#include "hv/mm/scenario.h"

void hv_main(uint32_t magic, const void *mbi);
void hv_main_bootinfo(const struct boot_info *bi);

extern char _hv_start[], _hv_end[];

#define IDENTITY_MAP_LIMIT (4ull << 30) /* boot/multiboot/entry.S maps this much */

static struct boot_info boot_info;
static struct scenario scenario;
static struct pmem pmem;
static struct guest guests[SCN_MAX_GUESTS];
static struct sched_stats sched_stats;
static uint64_t entry_cycles; /* TSC when the hypervisor's C code began */
static struct ata_disk swap_disk;
static struct swap_area swap_area; /* about 1 MiB: in the image, not managed memory */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

static const struct boot_module *find_module(const char *suffix)
{
	for (uint32_t i = 0; i < boot_info.nr_modules; i++)
		if (ends_with(boot_info.modules[i].name, suffix))
			return &boot_info.modules[i];
	panic("no boot module named *%s: the loader must pass the guest stub and a scenario",
	      suffix);
}

static _Noreturn void stop_run(int status)
{
	if (status == RUN_STATUS_OK)
		printk("ballast: run ended: status 0\n");
	else
		printk("ballast: run failed: status %d\n", status);
	machine_stop(status);
}

static void read_scenario(void)
{
	const struct boot_module *m = find_module(".scn");
	struct scn_error err;

	if (scn_parse((const char *)(uintptr_t)m->base, m->length, &scenario,
		      &err) == ST_OK)
		return;
	printk("%s:%u:%u: %s\n", m->name, err.line, err.col, err.msg);
	printk("ballast: bad scenario, nothing runs\n");
	stop_run(RUN_STATUS_BAD_SCENARIO);
}

static void setup_machine_memory(void)
{
	struct memmap_excluded ex[MEMMAP_MAX_EXCLUDED];
	unsigned n = 0;
	int st;

	ex[n++] = (struct memmap_excluded){ (maddr_t)(uintptr_t)_hv_start,
					    (maddr_t)(uintptr_t)_hv_end };
	/* The boot identity map covers 4 GiB: memory above is not reachable. */
	ex[n++] = (struct memmap_excluded){ IDENTITY_MAP_LIMIT, ~0ull };
	for (uint32_t i = 0; i < boot_info.nr_modules; i++)
		ex[n++] = (struct memmap_excluded){
			boot_info.modules[i].base,
			boot_info.modules[i].base + boot_info.modules[i].length
		};
	st = memmap_init(&pmem, &boot_info, ex, n, scenario.machine_memory);
	if (st != ST_OK)
		panic("cannot manage machine memory (status %d)", st);
	printk("ballast: machine memory: %lu pages managed (scenario asks %lu MiB), %lu free\n",
	       pmem_total(&pmem), scenario.machine_memory >> 20,
	       pmem_count(&pmem, PMEM_FREE));
	if (pmem_total(&pmem) << PAGE_SHIFT < scenario.machine_memory)
		printk("ballast: warning: the machine has less usable memory than the scenario asks\n");
}

/* The swap area on the primary ATA disk. Without a disk, or one too
 * small for the scenario's swap size, the run goes on without swapping. */
static void setup_swap(void)
{
	struct swap_dev dev;
	int st = ata_probe(&swap_disk);

	swapper_init(0, scenario.seed);
	if (st != ST_OK) {
		printk("ballast: swap: no disk at the primary ATA master (status %d): no swapping\n",
		       st);
		return;
	}
	dev = (struct swap_dev){ ata_read_ctx, ata_write_ctx, &swap_disk,
				 swap_disk.sectors };
	st = swap_init(&swap_area, &dev, scenario.swap_size);
	if (st != ST_OK) {
		printk("ballast: swap: cannot put %lu MiB of swap on %s, %lu sectors (status %d): no swapping\n",
		       scenario.swap_size >> 20, swap_disk.model,
		       swap_disk.sectors, st);
		return;
	}
	swap_area.fail_read_at = scenario.swap_fail_read;
	swap_area.fail_write_at = scenario.swap_fail_write;
	printk("ballast: swap: %s, %lu sectors; area of %u slots\n",
	       swap_disk.model, swap_disk.sectors, swap_slots(&swap_area));
	swapper_init(&swap_area, scenario.seed);
}

static void create_guests(void)
{
	const struct boot_module *m = find_module(".bin");
	struct guest_image img = { (const uint8_t *)(uintptr_t)m->base, m->length };

	for (unsigned i = 0; i < scenario.nguests; i++) {
		const struct scn_guest *sg = &scenario.guests[i];

		if (guest_create(&guests[i], i + 1, sg, &img, &pmem,
				 scenario.seed) != ST_OK)
			stop_run(RUN_STATUS_PANIC);
		printk("ballast: guest %u %s: %lu MiB, %lu pages loaded\n", i + 1,
		       sg->name, sg->memory >> 20, guests[i].p2m.loaded_pages);
	}
}

static void print_exits(const struct guest *g)
{
	printk("  exits:");
	for (uint32_t r = 0; r < VCPU_NR_REASONS; r++)
		if (g->exits[r])
			printk(" %s %lu", vcpu_reason_name(r), g->exits[r]);
	printk("\n");
}

static void print_balloon(const struct guest *g)
{
	const struct memctl_stats *ms = memctl_stats();
	uint64_t pages = g->pages_inflated + g->pages_deflated;

	printk("  balloon: peak target %lu, peak balloon %lu pages; inflated %lu, deflated %lu in %lu calls, %lu cycles; lowmem events %lu\n",
	       ms->peak_target[g->id - 1], ms->peak_ballooned[g->id - 1],
	       g->pages_inflated, g->pages_deflated, g->balloon_calls,
	       g->balloon_cycles, g->stats.lowmem_events);
	if (pages)
		printk("  balloon cost: %lu pages per exit, %lu hypervisor cycles per page\n",
		       pages / g->balloon_calls, g->balloon_cycles / pages);
}

static void print_memory_states(void)
{
	const struct memctl_stats *ms = memctl_stats();

	printk("memory states: %lu ticks: high %lu, soft %lu, hard %lu, low %lu; %lu changes\n",
	       ms->ticks, ms->state_ticks[MEM_HIGH], ms->state_ticks[MEM_SOFT],
	       ms->state_ticks[MEM_HARD], ms->state_ticks[MEM_LOW],
	       ms->state_changes);
	if (ms->catch_ups)
		printk("balloon catch-up: %lu rises, mean %lu ticks, max %lu ticks\n",
		       ms->catch_ups, ms->catch_up_sum / ms->catch_ups,
		       ms->catch_up_max);
}

static void print_guest_summary(const struct guest *g)
{
	if (g->state == GUEST_EXITED)
		printk("guest %u %s: exited with code %ld\n", g->id, g->name,
		       (long)g->exit_code);
	else
		printk("guest %u %s: %s\n", g->id, g->name, g->stop_reason);
	if (g->state == GUEST_CUT)
		printk("  pages held at the end: mapped %lu, ballooned %lu, swapped %lu\n",
		       g->p2m.mapped_pages, g->p2m.ballooned_pages,
		       g->p2m.swapped_pages);
	printk("  pages: loaded %lu, demand-mapped %lu; hypercall errors %lu\n",
	       g->p2m.loaded_pages, g->p2m.demand_pages, g->hypercall_errors);
	print_exits(g);
	if (g->balloon_driver)
		print_balloon(g);
	if (g->swap_out || g->swap_in || g->blocked_events || g->swap_errors)
		printk("  swap: out %lu, in %lu, errors %lu; blocked %lu times\n",
		       g->swap_out, g->swap_in, g->swap_errors,
		       g->blocked_events);
}

/* Swapping's cost and speed. Pages per emulated second against what the
 * scenario says the disk can do. */
static void print_swap(void)
{
	const struct swapper_stats *ss = swapper_stats();
	uint64_t ms = clock_ms() ? clock_ms() : 1;

	if (!swapper_present())
		return;
	printk("swap: out %lu, in %lu, write errors %lu, read errors %lu%s\n",
	       ss->outs, ss->ins, ss->write_errors, ss->read_errors,
	       ss->full ? ", the area filled up" : "");
	if (ss->outs)
		printk("swap cost: %lu hypervisor cycles per page out, %lu per page in\n",
		       ss->out_cycles / ss->outs,
		       ss->ins ? ss->in_cycles / ss->ins : 0);
	printk("swap throughput: %lu pages per emulated second over the run; the scenario's disk: %lu\n",
	       (ss->outs + ss->ins) * 1000 / ms,
	       scenario.swap_bandwidth >> PAGE_SHIFT);
}

/* What the hypervisor spends on metadata: one owner byte per managed
 * page, and the EPT tables per mapped guest page, measured when most guest
 * pages were mapped. Hundredths, in integers: no floating point here. */
static uint64_t centi_ratio(uint64_t bytes, uint64_t pages)
{
	return pages ? bytes * 100 / pages : 0;
}

static void print_metadata_cost(void)
{
	uint64_t owner = centi_ratio(pmem.span_pages, pmem_total(&pmem));
	uint64_t ept = centi_ratio(sched_stats.peak_table_pages << PAGE_SHIFT,
				   sched_stats.peak_mapped_pages);

	printk("metadata: owner array %lu.%02lu bytes per managed page (%lu bytes); EPT %lu.%02lu bytes per mapped page (%lu table pages for %lu pages at the peak)\n",
	       owner / 100, owner % 100, pmem.span_pages, ept / 100, ept % 100,
	       sched_stats.peak_table_pages, sched_stats.peak_mapped_pages);
}

static int print_summary(void)
{
	int status = RUN_STATUS_OK;

	printk("--- summary ---\n");
	for (unsigned i = 0; i < scenario.nguests; i++) {
		print_guest_summary(&guests[i]);
		if (guest_failed(&guests[i]))
			status = RUN_STATUS_GUEST_FAILED;
	}
	printk("machine: %lu pages, free %lu, hypervisor %lu, guest %lu, in flight %lu\n",
	       pmem_total(&pmem), pmem_count(&pmem, PMEM_FREE),
	       pmem_count(&pmem, PMEM_HYPERVISOR), pmem_count(&pmem, PMEM_GUEST),
	       pmem_count(&pmem, PMEM_INFLIGHT));
	print_memory_states();
	print_swap();
	print_metadata_cost();
	printk("cycles: hypervisor entered at %lu, first guest instruction at %lu, end at %lu, slices %lu\n",
	       entry_cycles, sched_stats.first_entry_cycles,
	       sched_stats.end_cycles, sched_stats.slices);
	printk("--- end of summary ---\n");
	if (pmem_check(&pmem) != ST_OK)
		panic("the page allocator's counts do not add up");
	return status;
}

/* What the boot path handed over, with checksums the UEFI loader prints
 * too, so a run shows the modules arrived intact. */
static void print_modules(void)
{
	uint64_t usable = 0;
	uint32_t ranges = 0;

	for (uint32_t i = 0; i < boot_info.nr_mem_ranges; i++) {
		if (boot_info.mem[i].type != BOOT_MEM_USABLE)
			continue;
		usable += boot_info.mem[i].length;
		ranges++;
	}
	printk("ballast: boot memory map: %lu usable bytes in %u ranges\n",
	       usable, ranges);
	for (uint32_t i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		printk("ballast: module %s: %lu bytes, checksum 0x%08x\n", m->name,
		       m->length,
		       crc32((const void *)(uintptr_t)m->base, m->length));
	}
}

static _Noreturn void run(void)
{
	print_modules();
	read_scenario();
	setup_machine_memory();
	setup_swap();
	if (virt_init() != ST_OK) {
		printk("ballast: this CPU cannot run Ballast's guests; use Bochs (make run) or QEMU/KVM with nested VT-x on an Intel host (make run-kvm)\n");
		stop_run(RUN_STATUS_NO_VMX);
	}
	clock_init();
	create_guests();
	memctl_init(&scenario, &pmem, guests, scenario.nguests);
	sched_run(guests, scenario.nguests, scenario.until_ms,
		  scenario.limit_ms, &sched_stats);
	stop_run(print_summary());
}

static void start(void)
{
	entry_cycles = rdtsc();
	console_init();
	printk("ballast: hypervisor starting\n");
	gdt_init();
	idt_init();
	pic_mask_all();
}

/* From boot/multiboot/entry.S, after GRUB. */
void hv_main(uint32_t magic, const void *mbi)
{
	start();
	if (mb2_to_boot_info(magic, mbi, &boot_info) != ST_OK)
		panic("not started by a Multiboot2 loader (magic 0x%x)", magic);
	run();
}

/* From entry64, after a 64-bit loader (boot/efi). The loader's copy may
 * sit in memory the allocator will hand out, so we keep our own. */
void hv_main_bootinfo(const struct boot_info *bi)
{
	start();
	if (bi->version != BOOT_INFO_VERSION)
		panic("boot_info version %u, this hypervisor reads %u",
		      bi->version, BOOT_INFO_VERSION);
	boot_info = *bi;
	run();
}
