/*
 * Scenario files: the one text format that both the hypervisor and the
 * simulator (tools/ballast-sim) read. This header owns the parsed form,
 * struct scenario; hv/mm/scenario.c owns the grammar. The parser is
 * freestanding (no libc, no allocation): it fills a caller's struct.
 *
 * One keyword per line, then key=value pairs; '#' starts a comment.
 *
 *   machine memory=16G                                     (required)
 *   policy  model=esx soft=6% hard=4% low=2% margin=1% tax=75%
 *           max-balloon=65% balloon-step=256 tick=100ms
 *           sample=64 sample-period=100ms                  (optional)
 *   run     seed=42 until=all-exited limit=600s            (optional)
 *   swap    size=32G bandwidth=64M/s fail-read=0 fail-write=0
 *           corrupt-read=0                                 (optional)
 *   guest   NAME memory=8G shares=1000 reservation=0 limit=0 balloon=on
 *           workload=contention heap=6G work=8             (1 or more)
 *           or kernel=FILE cmdline="TEXT" pass-at="TEXT" fail-at="TEXT"
 *   net     port=18080 token=SECRET linger=30s             (optional)
 *
 * Sizes take K, M or G (binary units), percentages %, times ms, s or min,
 * bandwidths SIZE/s. docs/simulator.md describes every key and default.
 */
#ifndef HV_MM_SCENARIO_H
#define HV_MM_SCENARIO_H

#include <ballast/guest.h>

#include "hv/lib/types.h"
#include "hv/mm/policy.h"

#define SCN_MAX_GUESTS 16
#define SCN_MAX_SHARES 1000000u
#define SCN_MAX_SAMPLE 1024u    /* pages sampled per guest for active memory */
#define SCN_TOKEN_MIN 8
#define SCN_TOKEN_MAX 64
#define SCN_MAX_PORT 65535u
#define SCN_KERNEL_LEN 48       /* a kernel's boot module name, NUL included */
#define SCN_CMDLINE_LEN 512     /* a kernel's command line, NUL included */
#define SCN_WATCH_LEN 96        /* pass-at, fail-at text, NUL included */
#define SCN_MAX_PAGING (4ull << 30) /* a guest's paging area, at most */

struct scn_guest {
	char name[GUEST_NAME_LEN];      /* NUL included */
	uint64_t memory;        /* bytes, a multiple of PAGE_SIZE */
	uint32_t shares;        /* default: 10 per MiB of memory, as ESX "normal" */
	uint64_t reservation;   /* bytes, default 0 */
	uint64_t limit;         /* bytes; 0 = memory */
	bool balloon;           /* balloon driver on/off, default on */
	enum guest_workload workload;
	uint64_t touch;         /* pattern: bytes written and verified */
	uint64_t wild_at;       /* wild: GPA touched, at or above memory */
	uint64_t heap;          /* contention: bytes of live heap */
	uint32_t work;          /* contention: rounds of heap/PAGE_SIZE updates */
	uint32_t active_bp;     /* contention: share of the heap updates touch */
	uint32_t calls;         /* vmcall-bench: round trips; fuzz: calls */
	enum guest_attack attack; /* attack: which one */
	/* A Linux-boot-protocol guest (hv/core/linux_guest.h) when kernel is
	 * not empty: the boot module it boots, its command line, and the
	 * serial output that ends it as passed or failed. */
	char kernel[SCN_KERNEL_LEN];
	char initrd[SCN_KERNEL_LEN]; /* a boot module too; empty: none */
	char cmdline[SCN_CMDLINE_LEN];
	char pass_at[SCN_WATCH_LEN];
	char fail_at[SCN_WATCH_LEN];
	uint64_t paging;        /* bytes of its paging area on the swap disk; 0: none */
};

/* The management plane (hv/core/net.h): on when the file has a net line. */
struct scn_net {
	bool on;
	uint32_t port;          /* the host's port the launcher forwards to 80 */
	char token[SCN_TOKEN_MAX + 1];  /* for controls; NUL-terminated */
	uint64_t linger_ms;     /* served after the run ends */
};

struct scenario {
	uint64_t machine_memory;        /* bytes */

	struct policy_params policy;
	uint64_t tick_ms;               /* policy period */
	uint32_t sample_pages;          /* active memory: pages per sample */
	uint64_t sample_period_ms;      /* between samples; 0 = every tick */

	uint64_t seed;
	uint64_t until_ms;              /* 0 = until all guests exited */
	uint64_t limit_ms;              /* stop regardless after this time */

	uint64_t swap_size;             /* bytes; default sum(memory - reservation) */
	uint64_t swap_bandwidth;        /* bytes per second */
	uint64_t swap_fail_read;        /* the Nth swap data read fails; 0 never */
	uint64_t swap_fail_write;       /* the Nth swap data write fails; 0 never */
	uint64_t swap_corrupt_read;     /* the Nth swap data read flips a bit; 0 never */

	struct scn_net net;

	unsigned nguests;
	struct scn_guest guests[SCN_MAX_GUESTS];
};

struct scn_error {
	unsigned line, col;     /* 1-based, of the offending token */
	char msg[512];   /* room for the longest list of names */
};

/*
 * Parses len bytes of text (no NUL needed) into *out. Returns 0 on success;
 * otherwise fills *err with the first problem and returns ST_INVAL, and
 * *out must not be used. The caller prints "file:line:col: msg".
 */
int scn_parse(const char *text, size_t len, struct scenario *out,
	      struct scn_error *err);

/* The guest's limit in bytes, its memory when the file left it at 0. */
uint64_t scn_guest_limit(const struct scn_guest *g);

#endif
