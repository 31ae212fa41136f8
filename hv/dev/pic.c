/*
 * The BIOS leaves the 8259 PICs programmed with the timer interrupt at
 * vector 8. The hypervisor polls everything and does not exit on external
 * interrupts, so an unmasked IRQ would be delivered straight into whichever
 * guest has interrupts on, through that guest's IDT (as a "double fault"
 * at vector 8). Masking every line keeps device interrupts out of guests.
 */
#include "hv/dev/pic.h"

#include "hv/arch/x86/cpu.h"

#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_DATA 0xa1
#define PIC_MASK_ALL 0xff

void pic_mask_all(void)
{
	outb(PIC_MASTER_DATA, PIC_MASK_ALL);
	outb(PIC_SLAVE_DATA, PIC_MASK_ALL);
}
