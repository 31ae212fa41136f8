#!/usr/bin/env bash
# HC_BLOCK_INFO and HC_BLOCK_IO in the emulator: every bad request refused
# with its own code and the buffer untouched, a guest without an area
# refused with HC_E_NO_DEVICE, the whole area written and read back
# through the one disk queue, an injected disk error answered HC_E_IO
# with the buffer as it was; the disk's time in the trace and summary.
. "$(dirname "$0")/../lib/lib.sh"

boot block tests/integration/block/block.scn
check "run status 0" [ "$boot_status" -eq 0 ]
check "the paging area is laid out after the swap area" \
	has '^ballast: guest 1 pager: paging area of 4096 sectors at sector [0-9]+$'
check "every bad block request refused with its own code, the buffer unchanged" \
	has '^\[pager\] block: 14 of 14 bad requests refused with the right code, the buffer unchanged$'
check "the hypervisor counted the 14 refusals and the 2 disk errors" \
	in_summary 1 pager 'hypercall errors 16$'
check "the whole area written and read back, an injected read and write error each seen once" \
	has '^\[pager\] block: wrote and read back 512 pages; 0 requests refused, 0 words differ, 2 disk errors seen$'
check "the pager passes" passed pager
check "the summary counts its paging I/O and the disk's two errors" \
	in_summary 1 pager '^  paging area: 4096 sectors at sector [0-9]+; read 512, written 512 pages; errors 2; collections 0$'
check "the guest without an area is refused with HC_E_NO_DEVICE" \
	passed_and_has none '^\[none\] block: no paging area; read and write refused with HC_E_NO_DEVICE$'
# 512 pages each way, plus the two requests that failed
check "the disk queue served every request" \
	has '^disk: 130 requests, 1040 pages, busy [0-9.]+% of the run; [0-9]+ cycles per 4 KiB page at 8388608 bytes/s;'
check "the pager waited for the disk, off the CPU" \
	in_summary 1 pager '^  cpu [0-9]+ ms; waited for the disk [1-9][0-9]* ms over 13[0-9] requests$'
eval "$(awk -f tests/integration/lib/trace-facts.awk "$out/trace.csv" | sed -n 's/^\([a-z_]*\)=\([0-9]*\)$/\1=\2/p')"
check "the trace shows the pager waiting for the disk" [ "${io_wait_rows_pager:-0}" -gt 0 ]
check "the trace shows the disk busy" [ "${peak_disk_busy_pct:-0}" -gt 50 ]
check "the trace counts CPU time" [ "${cpu_ms_pager:-0}" -gt 0 ]
