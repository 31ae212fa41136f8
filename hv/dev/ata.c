/*
 * ATA PIO driver (see ata.h). One disk, one command at a time, polled:
 * the hypervisor runs with interrupts off, so the device control register
 * keeps nIEN set and every wait reads the alternate status register for up
 * to ATA_TIMEOUT_S seconds of the TSC. A bound in time, not in reads: an
 * emulator's disk is a host file, and QEMU's FLUSH CACHE waits for the
 * host's fsync, which on a loaded host took 461,000 reads (about half of
 * the million this driver once allowed), so a busier host made a disk
 * that works look broken. Transfers go in chunks of at most 256 sectors, the
 * most one LBA28 command moves; LBA48 commands are used only for sectors
 * past LBA28's reach, so the common path is the one every emulator has.
 */
#include "hv/dev/ata.h"

#include "hv/arch/x86/cpu.h"
#include "hv/lib/string.h"

/* Command block registers, offsets from the io base (ATA/ATAPI-6 7.1). */
#define ATA_REG_DATA 0
#define ATA_REG_SECCOUNT 2
#define ATA_REG_LBA_LO 3
#define ATA_REG_LBA_MID 4
#define ATA_REG_LBA_HI 5
#define ATA_REG_DEVICE 6
#define ATA_REG_STATUS 7        /* read */
#define ATA_REG_COMMAND 7       /* write */
/* Control block: alternate status (read), device control (write). */
#define ATA_REG_ALTSTATUS 0
#define ATA_REG_DEVCTL 0

#define ATA_SR_ERR (1u << 0)
#define ATA_SR_DRQ (1u << 3)
#define ATA_SR_DF (1u << 5)
#define ATA_SR_BSY (1u << 7)

#define ATA_DEVCTL_NIEN (1u << 1)
#define ATA_DEVCTL_SRST (1u << 2)
/* ATA/ATAPI-6's software reset: SRST held at least 5 us, then 2 ms
 * before the host reads BSY; in 1/SRST_HOLD_DIV and 1/SRST_WAIT_DIV
 * seconds of the TSC. */
#define SRST_HOLD_DIV 200000u
#define SRST_WAIT_DIV 500u

/* Device register: bits 7 and 5 are obsolete and set, as old drives want. */
#define ATA_DEV_OBS ((1u << 7) | (1u << 5))
#define ATA_DEV_LBA (1u << 6)
#define ATA_DEV_LBA28_HI_MASK 0x0fu     /* LBA bits 27:24 */

#define ATA_CMD_READ_PIO 0x20
#define ATA_CMD_READ_PIO_EXT 0x24
#define ATA_CMD_WRITE_PIO 0x30
#define ATA_CMD_WRITE_PIO_EXT 0x34
#define ATA_CMD_CACHE_FLUSH 0xe7
#define ATA_CMD_CACHE_FLUSH_EXT 0xea
#define ATA_CMD_IDENTIFY 0xec

/* IDENTIFY DEVICE words (ATA/ATAPI-6 8.15). */
#define ATA_ID_MODEL 27                 /* 20 words, 40 characters */
#define ATA_ID_MODEL_WORDS 20
#define ATA_ID_CAPABILITIES 49
#define ATA_ID_CAP_LBA (1u << 9)
#define ATA_ID_LBA28_SECTORS 60         /* 2 words */
#define ATA_ID_COMMAND_SET_2 83
#define ATA_ID_CMD2_LBA48 (1u << 10)
#define ATA_ID_LBA48_SECTORS 100        /* 4 words */
#define ATA_ID_WORDS 256

/* What a status read returns when no device drives the bus. */
#define ATA_FLOATING_BUS 0xff

#define ATA_WORDS_PER_SECTOR (ATA_SECTOR_SIZE / 2)
#define ATA_MAX_CHUNK 256u              /* sectors per LBA28 command */
#define ATA_LBA28_LIMIT (1ull << 28)
/* The 30 s Linux's sd driver gives a command: a FLUSH CACHE writes the
 * whole cache out, which takes seconds on a real disk too. */
#define ATA_TIMEOUT_S 30u

static uint8_t ata_altstatus(const struct ata_disk *d)
{
	return inb(d->ctl + ATA_REG_ALTSTATUS);
}

/* The 400 ns a device may take to post its status after a write. */
static void ata_delay400(const struct ata_disk *d)
{
	for (int i = 0; i < 4; i++)
		ata_altstatus(d);
}

/* Waits for BSY clear; the status, or ST_IO when the device stays busy. */
static int ata_wait_ready(const struct ata_disk *d)
{
	uint64_t start = rdtsc();

	do {
		uint8_t st = ata_altstatus(d);

		if (!(st & ATA_SR_BSY))
			return st;
	} while (rdtsc() - start < d->tsc_hz * ATA_TIMEOUT_S);
	return ST_IO;
}

static void ata_pause(uint64_t ticks)
{
	uint64_t start = rdtsc();

	while (rdtsc() - start < ticks)
		;
}

/* After a failed command the device may still be busy with it, or want
 * the rest of its data: a software reset makes it ready again, so that
 * one timeout does not fail every command after it. */
static void ata_reset(const struct ata_disk *d)
{
	outb(d->ctl + ATA_REG_DEVCTL, ATA_DEVCTL_NIEN | ATA_DEVCTL_SRST);
	ata_pause(d->tsc_hz / SRST_HOLD_DIV);
	outb(d->ctl + ATA_REG_DEVCTL, ATA_DEVCTL_NIEN);
	ata_pause(d->tsc_hz / SRST_WAIT_DIV);
	ata_wait_ready(d);
}

/* Waits until the device has a sector for (or wants one from) the host. */
static int ata_wait_drq(const struct ata_disk *d)
{
	int st = ata_wait_ready(d);

	if (st < 0)
		return st;
	if (st & (ATA_SR_ERR | ATA_SR_DF) || !(st & ATA_SR_DRQ))
		return ST_IO;
	return ST_OK;
}

/* Waits for the end of a command; ST_IO if it failed. */
static int ata_wait_done(const struct ata_disk *d)
{
	int st = ata_wait_ready(d);

	if (st < 0)
		return st;
	inb(d->io + ATA_REG_STATUS);    /* acknowledges the command */
	if (st & (ATA_SR_ERR | ATA_SR_DF))
		return ST_IO;
	return ST_OK;
}

static void ata_select(const struct ata_disk *d, uint8_t lba_hi_bits)
{
	outb(d->io + ATA_REG_DEVICE, ATA_DEV_OBS | ATA_DEV_LBA | lba_hi_bits);
	ata_delay400(d);
}

/* Writes the task file for n sectors at lba and starts cmd28 or cmd48. */
static int ata_issue(const struct ata_disk *d, uint64_t lba, unsigned n,
		     uint8_t cmd28, uint8_t cmd48)
{
	bool ext = lba + n > ATA_LBA28_LIMIT;
	int st;

	ata_select(d, ext ? 0 : (lba >> 24) & ATA_DEV_LBA28_HI_MASK);
	st = ata_wait_ready(d);
	if (st < 0)
		return st;
	if (st & ATA_SR_DRQ)
		return ST_IO;   /* a previous command was left half done */
	if (ext) {
		/* LBA48: the high-order bytes go first into each register. */
		outb(d->io + ATA_REG_SECCOUNT, (n >> 8) & 0xff);
		outb(d->io + ATA_REG_LBA_LO, (lba >> 24) & 0xff);
		outb(d->io + ATA_REG_LBA_MID, (lba >> 32) & 0xff);
		outb(d->io + ATA_REG_LBA_HI, (lba >> 40) & 0xff);
	}
	outb(d->io + ATA_REG_SECCOUNT, n & 0xff);       /* 256 is written as 0 */
	outb(d->io + ATA_REG_LBA_LO, lba & 0xff);
	outb(d->io + ATA_REG_LBA_MID, (lba >> 8) & 0xff);
	outb(d->io + ATA_REG_LBA_HI, (lba >> 16) & 0xff);
	outb(d->io + ATA_REG_COMMAND, ext ? cmd48 : cmd28);
	ata_delay400(d);
	return ST_OK;
}

/*
 * Moves one chunk of n sectors by PIO: into `in` for a read, from `out`
 * for a write (the other is NULL). The device wants DRQ polled per sector.
 */
static int ata_pio_chunk(struct ata_disk *d, uint64_t lba, unsigned n,
			 uint8_t *in, const uint8_t *out)
{
	int st = in ? ata_issue(d, lba, n, ATA_CMD_READ_PIO, ATA_CMD_READ_PIO_EXT)
		    : ata_issue(d, lba, n, ATA_CMD_WRITE_PIO, ATA_CMD_WRITE_PIO_EXT);

	for (size_t off = 0; st == ST_OK && off < (size_t)n * ATA_SECTOR_SIZE;
	     off += ATA_SECTOR_SIZE) {
		st = ata_wait_drq(d);
		if (st == ST_OK && in)
			insw(d->io + ATA_REG_DATA, in + off, ATA_WORDS_PER_SECTOR);
		else if (st == ST_OK)
			outsw(d->io + ATA_REG_DATA, out + off, ATA_WORDS_PER_SECTOR);
	}
	return st == ST_OK ? ata_wait_done(d) : st;
}

/* Splits a transfer into chunks one LBA28 command can move. */
static int ata_pio(struct ata_disk *d, uint64_t lba, unsigned count,
		   uint8_t *in, const uint8_t *out)
{
	int st = ST_OK;

	if (count > d->sectors || lba > d->sectors - count)
		return ST_RANGE;
	for (size_t off = 0; st == ST_OK && count > 0;) {
		unsigned n = count < ATA_MAX_CHUNK ? count : ATA_MAX_CHUNK;

		st = ata_pio_chunk(d, lba, n, in ? in + off : NULL,
				   out ? out + off : NULL);
		lba += n;
		off += (size_t)n * ATA_SECTOR_SIZE;
		count -= n;
	}
	return st;
}

static int ata_flush(struct ata_disk *d)
{
	int st;

	ata_select(d, 0);
	st = ata_wait_ready(d);
	if (st < 0)
		return st;
	outb(d->io + ATA_REG_COMMAND,
	     d->lba48 ? ATA_CMD_CACHE_FLUSH_EXT : ATA_CMD_CACHE_FLUSH);
	ata_delay400(d);
	return ata_wait_done(d);
}

int ata_read(struct ata_disk *d, uint64_t lba, void *buf, unsigned count)
{
	int st = ata_pio(d, lba, count, buf, NULL);

	if (st == ST_IO)
		ata_reset(d);
	return st;
}

int ata_write(struct ata_disk *d, uint64_t lba, const void *buf,
	      unsigned count)
{
	int st = ata_pio(d, lba, count, NULL, buf);

	if (st == ST_OK)
		st = ata_flush(d);
	if (st == ST_IO)
		ata_reset(d);
	return st;
}

int ata_read_ctx(void *disk, uint64_t lba, void *buf, unsigned count)
{
	return ata_read(disk, lba, buf, count);
}

int ata_write_ctx(void *disk, uint64_t lba, const void *buf, unsigned count)
{
	return ata_write(disk, lba, buf, count);
}

/*
 * Something answers at the selected position only if the task file holds
 * what was written to it: an empty channel reads back 0xff or 0.
 */
static bool ata_registers_respond(const struct ata_disk *d)
{
	outb(d->io + ATA_REG_SECCOUNT, 0x55);
	outb(d->io + ATA_REG_LBA_LO, 0xaa);
	return inb(d->io + ATA_REG_SECCOUNT) == 0x55 &&
	       inb(d->io + ATA_REG_LBA_LO) == 0xaa;
}

/* Copies the model string: two characters per word, the first one high. */
static void ata_copy_model(struct ata_disk *d, const uint16_t *id)
{
	size_t len = 2 * ATA_ID_MODEL_WORDS;

	for (unsigned i = 0; i < ATA_ID_MODEL_WORDS; i++) {
		d->model[2 * i] = (char)(id[ATA_ID_MODEL + i] >> 8);
		d->model[2 * i + 1] = (char)(id[ATA_ID_MODEL + i] & 0xff);
	}
	while (len > 0 && (d->model[len - 1] == ' ' || d->model[len - 1] == 0))
		len--;
	d->model[len] = 0;
}

static uint64_t ata_id_u32(const uint16_t *id, unsigned w)
{
	return (uint64_t)id[w] | (uint64_t)id[w + 1] << 16;
}

static uint64_t ata_id_u64(const uint16_t *id, unsigned w)
{
	return ata_id_u32(id, w) | ata_id_u32(id, w + 2) << 32;
}

static int ata_parse_identify(struct ata_disk *d, const uint16_t *id)
{
	if (!(id[ATA_ID_CAPABILITIES] & ATA_ID_CAP_LBA))
		return ST_NOENT;        /* CHS only: not worth supporting */
	d->lba48 = id[ATA_ID_COMMAND_SET_2] & ATA_ID_CMD2_LBA48;
	d->sectors = d->lba48 ? ata_id_u64(id, ATA_ID_LBA48_SECTORS)
			      : ata_id_u32(id, ATA_ID_LBA28_SECTORS);
	ata_copy_model(d, id);
	return d->sectors > 0 ? ST_OK : ST_NOENT;
}

/*
 * Sends IDENTIFY DEVICE. Each way a position can be empty or hold another
 * kind of device ends in ST_NOENT: no status at all, busy forever, or the
 * command aborted with the ATAPI signature in LBA mid/high.
 */
static int ata_identify(struct ata_disk *d, uint16_t *id)
{
	int st;

	outb(d->io + ATA_REG_SECCOUNT, 0);
	outb(d->io + ATA_REG_LBA_LO, 0);
	outb(d->io + ATA_REG_LBA_MID, 0);
	outb(d->io + ATA_REG_LBA_HI, 0);
	outb(d->io + ATA_REG_COMMAND, ATA_CMD_IDENTIFY);
	ata_delay400(d);
	if (inb(d->io + ATA_REG_STATUS) == 0)
		return ST_NOENT;
	st = ata_wait_ready(d);
	if (st < 0)
		return ST_NOENT;
	if (inb(d->io + ATA_REG_LBA_MID) || inb(d->io + ATA_REG_LBA_HI))
		return ST_NOENT;
	if (ata_wait_drq(d) != ST_OK)
		return ST_NOENT;
	insw(d->io + ATA_REG_DATA, id, ATA_ID_WORDS);
	return ata_wait_done(d);
}

int ata_probe(struct ata_disk *d, uint64_t tsc_hz)
{
	uint16_t id[ATA_ID_WORDS];
	int st;

	memset(d, 0, sizeof(*d));
	d->tsc_hz = tsc_hz;
	d->io = ATA_PRIMARY_IO;
	d->ctl = ATA_PRIMARY_CTL;
	if (inb(d->io + ATA_REG_STATUS) == ATA_FLOATING_BUS)
		return ST_NOENT;        /* no device on the channel at all */
	outb(d->ctl + ATA_REG_DEVCTL, ATA_DEVCTL_NIEN);
	ata_select(d, 0);
	if (!ata_registers_respond(d))
		return ST_NOENT;
	if (ata_wait_ready(d) < 0)
		return ST_NOENT;
	st = ata_identify(d, id);
	if (st != ST_OK)
		return st;
	return ata_parse_identify(d, id);
}
