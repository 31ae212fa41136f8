/*
 * The devices a guest finds beside its memory (issue 14): one virtio-mmio
 * window (virtio 1.x, section 4.2) holding a virtio-balloon device, which
 * a Linux guest finds through the ACPI tables (its DSDT's LNRO0005) and a
 * guest stub at the fixed address below. Guests whose memory would reach
 * the window have no device.
 */
#ifndef BALLAST_DEVICES_H
#define BALLAST_DEVICES_H

#define BALLAST_VIRTIO_MMIO_GPA 0xfeb00000ull
#define BALLAST_VIRTIO_MMIO_SIZE 0x200ull
#define BALLAST_VIRTIO_MMIO_IRQ 5u /* an ISA line: level, through the 8259 */

#endif
