#!/usr/bin/env bash
# make-swap-disk.sh SCENARIO IMAGE
# Creates IMAGE afresh: a zeroed (sparse) raw disk just big enough for the
# scenario's swap area and its guests' paging areas after it
# (build/swapinfo --disk-bytes), rounded up to whole
# cylinders of 16 heads x 63 sectors, the geometry Bochs derives from a
# flat image's size. The hypervisor formats the area when it boots; after
# the run, build/swapinfo IMAGE lists what is in it. When the scenario
# cannot have a swap area (it does not parse, or asks for more than an
# area holds), IMAGE is one cylinder: the hypervisor then reports the bad
# scenario, or runs without swap, as it would without a disk.
# Environment: SWAPINFO (default build/swapinfo next to this script).
set -eu
scn=$1 img=$2
swapinfo=${SWAPINFO:-$(dirname "$0")/../build/swapinfo}
cylinder=$((16 * 63 * 512))

bytes=$("$swapinfo" --disk-bytes "$scn") || {
	[ $? -eq 1 ] || exit 2
	echo "make-swap-disk.sh: $img is one cylinder, too small for swap" >&2
	bytes=1
}
bytes=$(((bytes + cylinder - 1) / cylinder * cylinder))
mkdir -p "$(dirname "$img")"
rm -f "$img"
truncate -s "$bytes" "$img"
