#!/usr/bin/env bash
# swapinfo on a known image (build/mkswapimg, through hv/mm/swap_area.c): the
# header, the used slots and the count; then the ways an image is refused
# (empty, truncated, bad magic, other version, corrupt header, bad map
# entry) and the disk size for a scenario.
source "$(dirname "$0")/../lib/lib.sh"

make -s build/swapinfo build/mkswapimg >/dev/null || { not_ok "swapinfo: build"; exit 1; }
dir=out/test/swapinfo
mkdir -p "$dir"
img=$dir/swap.img
build/mkswapimg "$img" || { not_ok "swapinfo: mkswapimg"; exit 1; }

# run IMAGE: swapinfo's output (both streams) in $got, its status in $rc.
run() { got=$(build/swapinfo "$@" 2>&1); rc=$?; }
says() { grep -Eq -- "$1" <<<"$got"; }

run "$img"
want='swap area: version 1, 4096-byte pages, 40 slots, map at sector 8 (2 sectors), slots from sector 16
slot 0: guest 1 page 0x100
slot 1: guest 1 page 0x101
slot 3: guest 1 page 0x103
slot 4: guest 1 page 0x104
slot 5: guest 2 page 0xabcdef
5 of 40 slots used'
check "swapinfo: lists the used slots of a known image" test "$rc-$got" = "0-$want"

# corrupt OFFSET HEX: a copy of the image with bytes at OFFSET replaced.
corrupt() {
	cp "$img" "$dir/bad.img"
	printf "$2" | dd of="$dir/bad.img" bs=1 seek="$1" conv=notrunc status=none
}

: > "$dir/bad.img"
run "$dir/bad.img"
check "swapinfo: an empty file is truncated" eval '[ $rc = 1 ] && says "truncated: 0 bytes"'

head -c 100000 "$img" > "$dir/bad.img"
run "$dir/bad.img"
check "swapinfo: a cut image is truncated" eval '[ $rc = 1 ] && says "needs 172032 bytes, the image has 100000"'

corrupt 0 'XX'
run "$dir/bad.img"
check "swapinfo: bad magic" eval '[ $rc = 1 ] && says "not a swap area \(bad magic"'

corrupt 8 '\x02'
run "$dir/bad.img"
check "swapinfo: another version" eval '[ $rc = 1 ] && says "version 2; this tool reads version 1"'

corrupt 40 '\x09'
run "$dir/bad.img"
check "swapinfo: corrupt layout" eval '[ $rc = 1 ] && says "corrupt swap header"'

corrupt $((8 * 512 + 16 * 7)) '\x07'
run "$dir/bad.img"
check "swapinfo: bad map entry" eval '[ $rc = 1 ] && says "slot 7: bad map entry \(state 7\)"'

run "$dir/missing.img"
check "swapinfo: missing file" eval '[ $rc = 2 ] && says "No such file"'

run
check "swapinfo: usage" eval '[ $rc = 2 ] && says "^usage:"'

# default.scn: 80 MiB of swap, 20480 slots: 8 + 640 header and map sectors.
run --disk-bytes scenarios/default.scn
check "swapinfo: disk bytes for a scenario" test "$rc-$got" = "0-$(((648 + 20480 * 8) * 512))"

run --disk-bytes scenarios/case-study-contention.scn
check "swapinfo: a swap size over the maximum" eval '[ $rc = 1 ] && says "over the 256 MiB"'

# The paging areas follow the swap area: 8 MiB of swap (2048 slots, 8 +
# 64 header and map sectors), then 2 MiB and 1 MiB of paging.
printf 'machine memory=64M\nswap size=8M\nguest a memory=16M paging=2M\nguest b memory=8M\nguest c memory=8M paging=1M\n' > "$dir/paging.scn"
run --disk-bytes "$dir/paging.scn"
check "swapinfo: disk bytes for swap and the guests' paging areas" \
	test "$rc-$got" = "0-$(((72 + 2048 * 8 + 4096 + 2048) * 512))"
