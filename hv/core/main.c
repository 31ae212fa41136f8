/*
 * hv_main: the hypervisor's C entry, called by every boot path in long mode
 * with what it found (boot/multiboot/start.c converts GRUB's information).
 * It reads the scenario, takes the machine memory the scenario gives it,
 * turns on the CPU's virtualization extension (hv/arch/x86/virt.h), builds
 * the guests, runs them until every one has ended, prints the summary and
 * stops the machine with the run's verdict.
 */
#include <stdint.h>

#include "hv/arch/x86/cpu.h"
#include "hv/arch/x86/gdt.h"
#include "hv/arch/x86/power.h"
#include "hv/arch/x86/trap.h"
#include "hv/core/block.h"
#include "hv/core/clock.h"
#include "hv/core/console.h"
#include "hv/core/disk_queue.h"
#include "hv/core/guest.h"
#include "hv/core/main.h"
#include "hv/core/memctl.h"
#include "hv/core/mmio.h"
#include "hv/core/sched.h"
#include "hv/core/summary.h"
#include "hv/core/swapper.h"
#include "hv/dev/ata.h"
#include "hv/dev/pic.h"
#include "hv/lib/checksum.h"
#include "hv/lib/string.h"
#include "hv/mm/memmap.h"
#include "hv/mm/scenario.h"
#include "hv/core/net.h"

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
	console_stop(status);
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
	int st = ata_probe(&swap_disk, clock_hz());

	swapper_init(0, &pmem, scenario.seed);
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
	swap_area.corrupt_read_at = scenario.swap_corrupt_read;
	printk("ballast: swap: %s, %lu sectors; area of %u slots\n",
	       swap_disk.model, swap_disk.sectors, swap_slots(&swap_area));
	swapper_init(&swap_area, &pmem, scenario.seed);
	block_init(&swap_area);
}

/* The guests' paging areas, past the swap area's last slot on its disk
 * (swap_paging_layout). A scenario that has them needs the disk: without
 * one big enough for swap and every area, nothing runs. */
static void setup_paging(void)
{
	uint64_t bytes[SCN_MAX_GUESTS], lba[SCN_MAX_GUESTS], need, sum = 0;

	for (unsigned i = 0; i < scenario.nguests; i++)
		sum += bytes[i] = scenario.guests[i].paging;
	if (!sum)
		return;
	if (!swapper_present()) {
		printk("ballast: bad scenario: its guests' paging areas (%lu MiB) need the swap disk, and there is no swap area: nothing runs\n",
		       sum >> 20);
		stop_run(RUN_STATUS_BAD_SCENARIO);
	}
	need = swap_paging_layout(&swap_area.hdr, bytes, scenario.nguests, lba);
	if (need > swap_disk.sectors) {
		printk("ballast: bad scenario: swap (%lu MiB) and the guests' paging areas (%lu MiB) need %lu sectors; the disk has %lu: nothing runs\n",
		       scenario.swap_size >> 20, sum >> 20, need, swap_disk.sectors);
		stop_run(RUN_STATUS_BAD_SCENARIO);
	}
	for (unsigned i = 0; i < scenario.nguests; i++) {
		guests[i].paging.lba = lba[i];
		guests[i].paging.sectors = bytes[i] / SWAP_SECTOR_SIZE;
		if (bytes[i])
			printk("ballast: guest %u %s: paging area of %lu sectors at sector %lu\n",
			       i + 1, guests[i].name, guests[i].paging.sectors, lba[i]);
	}
}

/* The boot module a kernel guest names (its kernel or initrd), by its
 * whole name; a scenario that names one the loader did not pass is bad,
 * as a bad line is. */
static const struct boot_module *named_module(const struct scn_guest *sg,
					      const char *name)
{
	for (uint32_t i = 0; i < boot_info.nr_modules; i++)
		if (!memcmp(boot_info.modules[i].name, name, strlen(name) + 1))
			return &boot_info.modules[i];
	printk("ballast: guest %s: no boot module named %s: the GRUB ISO carries the kernels and initrds its scenario names (scripts/make-iso.sh; the UEFI loader carries none yet)\n",
	       sg->name, name);
	printk("ballast: bad scenario: guest %s cannot be loaded, nothing runs\n",
	       sg->name);
	stop_run(RUN_STATUS_BAD_SCENARIO);
}

static struct guest_image kernel_image(const struct scn_guest *sg)
{
	const struct boot_module *k = named_module(sg, sg->kernel);
	const struct boot_module *rd = sg->initrd[0] ? named_module(sg, sg->initrd) : NULL;

	return (struct guest_image){
		(const uint8_t *)(uintptr_t)k->base, k->length,
		rd ? (const uint8_t *)(uintptr_t)rd->base : NULL,
		rd ? rd->length : 0,
	};
}

static void create_guests(void)
{
	const struct boot_module *m = find_module(".bin");
	struct guest_image stub = { (const uint8_t *)(uintptr_t)m->base, m->length,
				    NULL, 0 };

	for (unsigned i = 0; i < scenario.nguests; i++) {
		const struct scn_guest *sg = &scenario.guests[i];
		struct guest_image img = sg->kernel[0] ? kernel_image(sg) : stub;

		/* A guest the machine cannot load is the scenario's fault,
		 * not a broken hypervisor: status 4, as for a bad line. */
		if (guest_create(&guests[i], i + 1, sg, &img, &pmem,
				 scenario.seed) != ST_OK) {
			printk("ballast: bad scenario: guest %s cannot be loaded, nothing runs\n",
			       sg->name);
			stop_run(RUN_STATUS_BAD_SCENARIO);
		}
		mmio_guest_init(&guests[i]);
		printk("ballast: guest %u %s: %lu MiB, %lu pages loaded\n", i + 1,
		       sg->name, sg->memory >> 20, guests[i].p2m.loaded_pages);
	}
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
	clock_measure();
	setup_swap();
	if (virt_init() != ST_OK) {
		printk("ballast: this CPU cannot run Ballast's guests; use Bochs (make run), QEMU (make run-qemu) or KVM with nested VT-x or SVM (make run-kvm)\n");
		stop_run(RUN_STATUS_NO_VIRT);
	}
	clock_init();
	create_guests();
	setup_paging();
	disk_init(scenario.swap_bandwidth);
	memctl_init(&scenario, &pmem, guests, scenario.nguests);
	net_start(&scenario);
	sched_run(guests, scenario.nguests, scenario.until_ms,
		  scenario.limit_ms, &sched_stats);
	stop_run(summary_print(&(struct run_facts){
		.scenario = &scenario,
		.pmem = &pmem,
		.guests = guests,
		.sched = &sched_stats,
		.entry_cycles = entry_cycles,
	}));
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

/* The loader's copy may sit in memory the allocator will hand out, so we
 * keep our own. */
_Noreturn void hv_main(const struct boot_info *bi)
{
	start();
	if (!bi)
		panic("the boot path could not read its loader's information: not a Multiboot2 loader, or its information is malformed");
	if (bi->version != BOOT_INFO_VERSION)
		panic("boot_info version %u, this hypervisor reads %u",
		      bi->version, BOOT_INFO_VERSION);
	boot_info = *bi;
	run();
}
