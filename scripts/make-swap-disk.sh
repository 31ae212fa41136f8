#!/usr/bin/env bash
# make-swap-disk.sh SCENARIO IMAGE
# Creates IMAGE afresh: a zeroed (sparse) raw disk just big enough for the
# scenario's swap area (build/swapinfo --disk-bytes), rounded up to whole
# cylinders of 16 heads x 63 sectors, the geometry Bochs derives from a
# flat image's size. The hypervisor formats the area when it boots; after
# the run, build/swapinfo IMAGE lists what is in it.
# Environment: SWAPINFO (default build/swapinfo next to this script).
set -eu
scn=$1 img=$2
swapinfo=${SWAPINFO:-$(dirname "$0")/../build/swapinfo}
cylinder=$((16 * 63 * 512))

bytes=$("$swapinfo" --disk-bytes "$scn")
bytes=$(((bytes + cylinder - 1) / cylinder * cylinder))
mkdir -p "$(dirname "$img")"
rm -f "$img"
truncate -s "$bytes" "$img"
