/*
 * Ballast hypercall ABI: the only contract between the hypervisor and a
 * guest. A guest calls with VMCALL (VMMCALL on AMD): the number in RAX,
 * arguments in RBX, RCX, RDX, RSI. The hypervisor returns a status in RAX
 * (0 or a positive value on success, a negative HC_E_* code on failure)
 * and results in RBX and RCX where a call says so. Every other register is
 * preserved. Addresses are guest-physical. The hypervisor checks every
 * argument; a bad one is refused with its code and counted, never acted on.
 * Only the guest's kernel may call: a call from CPL 1 to 3 is refused with
 * HC_E_PRIVILEGE whatever its number, as KVM refuses one with -KVM_EPERM.
 */
#ifndef BALLAST_HYPERCALL_H
#define BALLAST_HYPERCALL_H

#include <stdint.h>

#define BALLAST_ABI_VERSION 1

enum hc_number {
	/* RBX = ABI version the guest speaks. Out: RBX = the hypervisor's ABI
	 * version, RCX = this guest's id. HC_E_VERSION if they differ. */
	HC_HELLO = 0,
	/* RBX = guest-physical address of text, RCX = length in bytes
	 * (at most HC_CONSOLE_MAX). The text appears on the console prefixed
	 * with the guest's name. HC_E_FAULT if the buffer is not in the
	 * guest's mapped memory. */
	HC_CONSOLE_WRITE = 1,
	/* Give up the rest of this time slice. */
	HC_YIELD = 2,
	/* RBX = the guest's result (enum guest_result,
	 * include/ballast/result.h). Does not return. */
	HC_EXIT = 3,
	/* Out: RBX = the balloon target in pages. The first call tells the
	 * hypervisor that a balloon driver runs in this guest; from then on
	 * every target change raises interrupt BALLAST_BALLOON_VECTOR. */
	HC_BALLOON_TARGET = 4,
	/* RBX = guest-physical address of a page-aligned list of uint64_t
	 * guest page numbers, RCX = how many (1..HC_BALLOON_LIST_MAX); the
	 * list may run over several pages, contiguous in guest-physical
	 * memory. The guest gives these pages up and promises not to touch
	 * them: touching one stops the guest. A page the hypervisor had
	 * swapped out is dropped from swap: its content is gone. All or
	 * nothing: the list is checked whole, and what applying it needs is
	 * made, before any page changes; a refusal changes nothing. Returns
	 * the number of pages taken, with RBX = the balloon target now (as
	 * vmmemctl's LOCK does), so the driver needs no HC_BALLOON_TARGET to
	 * know where to go next. HC_E_AGAIN and HC_E_LIMIT return the target
	 * too; other refusals leave RBX as it was. */
	HC_BALLOON_INFLATE = 5,
	/* Same list; the pages were ballooned and are the guest's again, zeroed
	 * on their next touch. Returns the number of pages given back, with
	 * RBX = the balloon target now. */
	HC_BALLOON_DEFLATE = 6,
	/* RBX = guest-physical address of an array of struct balloon_stat,
	 * RCX = how many (1..HC_STATS_MAX). Unknown tags are ignored. */
	HC_REPORT_STATS = 7,
	/* Out: RBX = sectors in this guest's paging area (0 when it has
	 * none), RCX = BLOCK_SECTOR_SIZE. Returns 0. */
	HC_BLOCK_INFO = 8,
	/* RBX = BLOCK_OP_READ or BLOCK_OP_WRITE, RCX = first sector within
	 * the guest's own paging area, RDX = sector count (a multiple of
	 * BLOCK_SECTORS_PER_PAGE, up to HC_BLOCK_MAX_SECTORS), RSI = the
	 * guest-physical buffer, page-aligned, wholly in the guest's mapped
	 * memory. Returns 0 when the transfer is complete: the guest does
	 * not run between the call and its completion (it waits in the
	 * disk queue while other guests run). Checked in this order, each
	 * refusal changing nothing: HC_E_NO_DEVICE, HC_E_INVAL (the op),
	 * HC_E_COUNT, HC_E_ALIGN (buffer, then count), HC_E_RANGE,
	 * HC_E_FAULT. HC_E_IO: the disk failed; a failed read leaves the
	 * buffer as it was. */
	HC_BLOCK_IO = 9,
	HC_COUNT = 10,
};

#define HC_CONSOLE_MAX 256
#define HC_BALLOON_LIST_PAGES 8
#define HC_BALLOON_LIST_MAX (HC_BALLOON_LIST_PAGES * 512) /* uint64_t each */
#define HC_STATS_MAX 16

/* The paging area's block device (HC_BLOCK_INFO, HC_BLOCK_IO). */
#define BLOCK_SECTOR_SIZE 512
#define BLOCK_SECTORS_PER_PAGE 8
#define HC_BLOCK_MAX_SECTORS 64
enum block_op {
	BLOCK_OP_READ = 0,
	BLOCK_OP_WRITE = 1,
};

/* The interrupt vector that signals a new balloon target. */
#define BALLAST_BALLOON_VECTOR 0x40

enum hc_error {
	HC_E_UNKNOWN = -1,   /* no such hypercall number */
	HC_E_VERSION = -2,   /* ABI version mismatch */
	HC_E_FAULT = -3,     /* an address outside the guest's mapped memory */
	HC_E_INVAL = -4,     /* an argument out of its range */
	HC_E_COUNT = -5,     /* a list count of 0 or over its maximum */
	HC_E_ALIGN = -6,     /* a list that is not page-aligned */
	HC_E_RANGE = -7,     /* a page number outside the guest's memory */
	HC_E_DUPLICATE = -8, /* the same page twice in one list */
	HC_E_BALLOONED = -9, /* inflate: a page already in the balloon */
	HC_E_NOT_BALLOONED = -10, /* deflate: a page not in the balloon */
	HC_E_NO_DRIVER = -11, /* inflate or deflate before HC_BALLOON_TARGET */
	/* Retryable: the machine has no page for the hypervisor's tables that
	 * the list needs now. Nothing changed; the guest tries again later
	 * (after HC_YIELD), when reclaim has freed memory. */
	HC_E_AGAIN = -12,
	/* The list needs more EPT tables than the guest may cost the
	 * hypervisor (its table limit, docs/hypercalls.md): pages in 2 MiB
	 * regions it has never used, far apart. Nothing changed; pages near
	 * ones it holds, or ballooned, still go. */
	HC_E_LIMIT = -13,
	HC_E_PRIVILEGE = -14, /* called from user mode (CPL above 0) */
	HC_E_NO_DEVICE = -15, /* block I/O: the guest has no paging area */
	HC_E_IO = -16,        /* block I/O: the disk failed */
};

/*
 * Guest statistics for HC_REPORT_STATS, tagged as virtio-balloon's
 * (Linux include/uapi/linux/virtio_balloon.h), with the same numbers; the
 * last two are Ballast's own. Values are in pages or events, not bytes.
 */
enum balloon_stat_tag {
	BALLOON_S_SWAP_IN = 0,  /* pages read from the guest's paging area */
	BALLOON_S_SWAP_OUT = 1, /* pages written to it */
	BALLOON_S_MAJFLT = 2,   /* faults that needed I/O */
	BALLOON_S_MINFLT = 3,   /* faults that did not */
	BALLOON_S_MEMFREE = 4,  /* pages free in the guest */
	BALLOON_S_MEMTOT = 5,   /* pages the guest's allocator manages */
	BALLOON_S_AVAIL = 6,    /* pages available to new allocations */
	BALLOON_S_WORKING_SET = 0x100, /* pages its workload holds */
	BALLOON_S_LOWMEM_EVENTS = 0x101, /* low-memory notifications so far */
	BALLOON_S_COLLECTIONS = 0x102, /* collections so far, all generations */
};

/* Fixed width, explicit padding, no packing (virtio's is packed). */
struct balloon_stat {
	uint16_t tag;
	uint16_t reserved[3];
	uint64_t val;
};

_Static_assert(sizeof(struct balloon_stat) == 16, "balloon_stat layout");

#endif
