/*
 * swapinfo IMAGE
 *     Lists a swap disk image after a run: the area's header, one line per
 *     used slot ("slot N: guest G page 0xGFN"), then the count.
 * swapinfo --disk-bytes SCENARIO
 *     Prints the bytes a disk needs for the scenario's swap area and its
 *     guests' paging areas after it, for scripts/make-swap-disk.sh.
 *
 * Both read the format through hv/mm/swap_area.c and hv/mm/scenario.c, the
 * hypervisor's own code. Exit status: 0 done, 1 not a (whole) swap area
 * or a bad scenario, 2 bad usage or an unreadable file.
 */
#include "hv/mm/scenario.h"
#include "hv/mm/swap_area.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "swapinfo";

/* Reads all of path; NULL (with a message) when it cannot. */
static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			buf = realloc(buf, cap);
			if (!buf) {
				fprintf(stderr, "%s: %s: out of memory\n", prog, path);
				fclose(f);
				return NULL;
			}
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: read error\n", prog, path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Says why a header is refused; swap_check_header only says that it is. */
static void explain_bad_header(const char *path, const struct swap_header *h)
{
	if (h->magic != SWAP_MAGIC)
		fprintf(stderr, "%s: %s: not a swap area (bad magic 0x%016" PRIx64 ")\n",
			prog, path, h->magic);
	else if (h->version != SWAP_VERSION)
		fprintf(stderr, "%s: %s: swap area version %" PRIu32 "; this tool reads version %u\n",
			prog, path, h->version, SWAP_VERSION);
	else
		fprintf(stderr, "%s: %s: corrupt swap header (its layout is not that of %" PRIu32 " slots)\n",
			prog, path, h->slots);
}

static int check_image(const char *path, const uint8_t *img, size_t len,
		       struct swap_header *h)
{
	if (len < SWAP_SECTOR_SIZE) {
		fprintf(stderr, "%s: %s: truncated: %zu bytes, less than the %u-byte header sector\n",
			prog, path, len, SWAP_SECTOR_SIZE);
		return 1;
	}
	memcpy(h, img, sizeof(*h));
	switch (swap_check_header(h, len / SWAP_SECTOR_SIZE)) {
	case ST_OK:
		return 0;
	case ST_RANGE:
		fprintf(stderr, "%s: %s: truncated: the area of %" PRIu32 " slots needs %" PRIu64 " bytes, the image has %zu\n",
			prog, path, h->slots,
			swap_area_sectors(h) * SWAP_SECTOR_SIZE, len);
		return 1;
	default:
		explain_bad_header(path, h);
		return 1;
	}
}

/* Prints the used slots; 1 if an entry is neither free nor used. */
static int list_slots(const char *path, const struct swap_header *h,
		      const uint8_t *img)
{
	const uint8_t *map = img + h->map_lba * SWAP_SECTOR_SIZE;
	uint32_t used = 0;
	int bad = 0;

	for (uint32_t s = 0; s < h->slots; s++) {
		struct swap_map_entry e;

		memcpy(&e, map + (size_t)s * sizeof(e), sizeof(e));
		if (e.state == SWAP_SLOT_USED) {
			printf("slot %" PRIu32 ": guest %u page 0x%" PRIx64 "\n",
			       s, e.guest, e.gfn);
			used++;
		} else if (e.state != SWAP_SLOT_FREE) {
			fprintf(stderr, "%s: %s: slot %" PRIu32 ": bad map entry (state %" PRIu32 ")\n",
				prog, path, s, e.state);
			bad = 1;
		}
	}
	printf("%" PRIu32 " of %" PRIu32 " slots used\n", used, h->slots);
	return bad;
}

static int show_image(const char *path)
{
	struct swap_header h;
	size_t len;
	uint8_t *img = read_all(path, &len);
	int rc;

	if (!img)
		return 2;
	rc = check_image(path, img, len, &h);
	if (rc == 0) {
		printf("swap area: version %" PRIu32 ", %" PRIu32 "-byte pages, %" PRIu32 " slots, map at sector %" PRIu64 " (%" PRIu64 " sectors), slots from sector %" PRIu64 "\n",
		       h.version, h.page_size, h.slots, h.map_lba,
		       h.map_sectors, h.slots_lba);
		rc = list_slots(path, &h, img);
	}
	free(img);
	return rc;
}

static int disk_bytes(const char *path)
{
	static struct scenario scn;
	struct scn_error err;
	struct swap_header h;
	uint64_t bytes[SCN_MAX_GUESTS], lba[SCN_MAX_GUESTS];
	size_t len;
	uint8_t *text = read_all(path, &len);
	int st;

	if (!text)
		return 2;
	st = scn_parse((const char *)text, len, &scn, &err);
	free(text);
	if (st != ST_OK) {
		fprintf(stderr, "%s:%u:%u: %s\n", path, err.line, err.col, err.msg);
		return 1;
	}
	if (swap_layout(scn.swap_size, &h) != ST_OK) {
		fprintf(stderr, "%s: %s: swap size %" PRIu64 " MiB is over the %u MiB a swap area can hold\n",
			prog, path, scn.swap_size >> 20,
			(unsigned)(SWAP_MAX_SLOTS * (uint64_t)SWAP_PAGE_SIZE >> 20));
		return 1;
	}
	for (unsigned i = 0; i < scn.nguests; i++)
		bytes[i] = scn.guests[i].paging;
	printf("%" PRIu64 "\n",
	       swap_paging_layout(&h, bytes, scn.nguests, lba) * SWAP_SECTOR_SIZE);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && argv[1][0] != '-')
		return show_image(argv[1]);
	if (argc == 3 && strcmp(argv[1], "--disk-bytes") == 0)
		return disk_bytes(argv[2]);
	fprintf(stderr, "usage: %s IMAGE\n       %s --disk-bytes SCENARIO\n",
		prog, prog);
	return 2;
}
