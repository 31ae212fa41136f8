/*
 * hv_main: the hypervisor's C entry, called by the boot path in long mode
 * with the boot information.
 */
#include <stdint.h>

#include "boot/multiboot/mb2.h"
#include "hv/arch/x86/gdt.h"
#include "hv/arch/x86/power.h"
#include "hv/arch/x86/trap.h"
#include "hv/core/console.h"

void hv_main(uint32_t magic, const void *mbi);

static struct boot_info boot_info;

void hv_main(uint32_t magic, const void *mbi)
{
	console_init();
	printk("ballast: hypervisor starting\n");
	gdt_init();
	idt_init();
	if (mb2_to_boot_info(magic, mbi, &boot_info) != 0)
		panic("not started by a Multiboot2 loader (magic 0x%x)", magic);
	for (uint32_t i = 0; i < boot_info.nr_mem_ranges; i++)
		printk("mem %016lx-%016lx type %u\n", boot_info.mem[i].base,
		       boot_info.mem[i].base + boot_info.mem[i].length,
		       boot_info.mem[i].type);
	printk("ballast: run ended: status 0\n");
	machine_stop(RUN_STATUS_OK);
}
