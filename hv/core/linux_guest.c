/*
 * Loading a Linux-boot-protocol guest (linux_guest.h). The tables and the
 * zero page are built by the pure code of linux_boot.c and the guest
 * stub's page tables (guest.c); this file puts them at the addresses of
 * include/ballast/linux_boot.h and sets the entry state.
 */
#include "hv/core/linux_guest.h"

#include "hv/core/mmio.h"
#include "hv/dev/acpi.h"
#include "hv/lib/printk.h"
#include "hv/lib/string.h"

/* Flat 4 GiB descriptors, as Linux's own boot GDT has them: a 64-bit code
 * segment (L=1, execute/read) and a data segment (read/write). */
#define GDT_BOOT_CODE64 0x00af9a000000ffffull
#define GDT_BOOT_DATA 0x00cf92000000ffffull
#define GDT_ENTRIES 4

_Static_assert(LINUX_BOOT_CS / 8 == 2 && LINUX_BOOT_DS / 8 == 3,
	       "the boot selectors index the GDT's third and fourth entries");

int linux_guest_check(const struct guest *g, const struct scn_guest *sg,
		      const struct guest_image *img, struct linux_kernel *k)
{
	char why[LINUX_WHY_LEN];

	if (linux_kernel_check(img->data, img->size, sg->memory,
			       strlen(sg->cmdline), k, why) != ST_OK) {
		printk("ballast: guest %s: kernel %s: %s\n", g->name, sg->kernel, why);
		return ST_INVAL;
	}
	if (!sg->initrd[0] ||
	    linux_initrd_check(img->data, sg->memory, img->initrd_size, k, why) == ST_OK)
		return ST_OK;
	printk("ballast: guest %s: initrd %s: %s\n", g->name, sg->initrd, why);
	return ST_INVAL;
}

static int write_gdt(struct p2m *p)
{
	const uint64_t gdt[GDT_ENTRIES] = { 0, 0, GDT_BOOT_CODE64,
					    GDT_BOOT_DATA };

	return p2m_write(p, LINUX_GDT_GPA, gdt, sizeof(gdt));
}

/*
 * write_acpi: the tables naming the guest's virtio-mmio device (issue 14),
 * which Debian's kernel finds its virtio_mmio driver's device by, and the
 * RSDP's address in boot_params, a field of protocol 2.14 on: an older
 * kernel gets none (memtest86+ 6.10, protocol 2.12, times its TSC
 * differently when it finds a FADT).
 */
static int write_acpi(struct guest *g, uint8_t *bp)
{
	static uint8_t tables[ACPI_REGION_SIZE];
	const struct acpi_device dev = { BALLAST_VIRTIO_MMIO_GPA, BALLAST_VIRTIO_MMIO_SIZE,
					 BALLAST_VIRTIO_MMIO_IRQ };
	uint64_t rsdp = LINUX_ACPI_GPA + ACPI_RSDP_OFFSET;
	size_t len;
	int st;

	if (!mmio_window_fits(g->memory_bytes))
		return ST_OK;
	st = acpi_build(tables, sizeof(tables), LINUX_ACPI_GPA, &dev, &len);
	if (st == ST_OK)
		st = p2m_write(&g->p2m, LINUX_ACPI_GPA, tables, len);
	memcpy(bp + LINUX_BP_ACPI_RSDP_ADDR, &rsdp, sizeof(rsdp));
	return st;
}

static int write_boot_data(struct guest *g, const struct scn_guest *sg,
			   const struct guest_image *img, const struct linux_kernel *k)
{
	static uint8_t bp[LINUX_BP_SIZE]; /* one page: not on the stack */
	int st;

	linux_boot_params(bp, img->data, img->size, sg->memory, k);
	st = k->version >= LINUX_PROTOCOL_ACPI_RSDP ? write_acpi(g, bp) : ST_OK;
	if (st == ST_OK)
		st = p2m_write(&g->p2m, LINUX_BOOT_PARAMS_GPA, bp, sizeof(bp));
	if (st == ST_OK)
		st = p2m_write(&g->p2m, LINUX_CMDLINE_GPA, sg->cmdline,
			       strlen(sg->cmdline) + 1);
	return st;
}

int linux_guest_build(struct guest *g, const struct scn_guest *sg,
		      const struct guest_image *img,
		      const struct linux_kernel *k, struct vcpu_start *start)
{
	int st = guest_write_page_tables(&g->p2m);

	if (st == ST_OK)
		st = write_gdt(&g->p2m);
	if (st == ST_OK)
		st = write_boot_data(g, sg, img, k);
	if (st == ST_OK)
		st = p2m_write(&g->p2m, k->load_gpa, img->data + k->file_offset,
			       k->payload_size);
	if (st == ST_OK && k->initrd_size)
		st = p2m_write(&g->p2m, k->initrd_gpa, img->initrd, k->initrd_size);
	*start = (struct vcpu_start){
		.rip = k->entry_gpa,
		.rsp = LINUX_STACK_TOP,
		.rsi = LINUX_BOOT_PARAMS_GPA,
		.cr3 = GUEST_PML4_GPA,
		.gdt_base = LINUX_GDT_GPA,
		.gdt_limit = GDT_ENTRIES * 8 - 1,
		.cs = LINUX_BOOT_CS,
		.ds = LINUX_BOOT_DS,
	};
	return st;
}
