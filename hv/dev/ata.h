/*
 * ATA PIO driver for the swap disk: the primary channel's master, polled
 * with interrupts off (nIEN), LBA28 and, on disks that have it, LBA48.
 * Register names and bits follow the ATA/ATAPI-6 specification (ATA8-ACS
 * for the commands). Every wait is bounded in time: a device that stays
 * busy is an error (ST_IO), never a hang.
 */
#ifndef HV_DEV_ATA_H
#define HV_DEV_ATA_H

#include "hv/lib/types.h"

#define ATA_SECTOR_SIZE 512

/* Legacy ISA ports of the primary channel (command block, control block). */
#define ATA_PRIMARY_IO 0x1f0
#define ATA_PRIMARY_CTL 0x3f6

struct ata_disk {
	uint16_t io, ctl;       /* command and control block base ports */
	uint64_t sectors;       /* user-addressable sectors */
	bool lba48;             /* the 48-bit feature set is supported */
	char model[41];         /* IDENTIFY words 27-46, trailing spaces cut */
	uint64_t tsc_hz;        /* the TSC's rate, for the waits */
};

/*
 * Looks for an ATA disk at the primary master and fills *d. ST_NOENT when
 * there is none (floating bus, no answer, an ATAPI device such as a CD-ROM,
 * a disk without LBA); ST_IO when a device answered but failed. tsc_hz,
 * the TSC's rate, bounds every wait in time (ata.c).
 */
int ata_probe(struct ata_disk *d, uint64_t tsc_hz);

/*
 * Transfer count sectors at lba. ST_RANGE past the disk's end, ST_IO on a
 * device error or a timeout, after which the device is reset for the next
 * command. A write ends with FLUSH CACHE, so the data is
 * on the medium (the host image) when it returns ST_OK.
 */
int ata_read(struct ata_disk *d, uint64_t lba, void *buf, unsigned count);
int ata_write(struct ata_disk *d, uint64_t lba, const void *buf,
	      unsigned count);

/* The same, with the disk as a void * context: the swap area's device ops. */
int ata_read_ctx(void *disk, uint64_t lba, void *buf, unsigned count);
int ata_write_ctx(void *disk, uint64_t lba, const void *buf, unsigned count);

#endif
