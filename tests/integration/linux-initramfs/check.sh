#!/usr/bin/env bash
# run-tests: alone
# The Linux guest's initramfs (make test-linux, after make linux-parts):
# its entries sorted and owned by root, the four virtio modules in place,
# /init parsing under busybox's shell, the archive the same byte for byte
# when built again, and the static workload (a Linux binary this host runs
# too) filling, checking and reporting MemTotal round by round.
. "$(dirname "$0")/../lib/lib.sh"

cpio_file=build/linux/initramfs.cpio
list=$(cpio -it --quiet < "$cpio_file")
check "initramfs entries are sorted" test "$list" = "$(LC_ALL=C sort <<<"$list")"
for f in init bin/busybox bin/workload lib/modules/virtio_ring.ko lib/modules/virtio.ko \
	lib/modules/virtio_mmio.ko lib/modules/virtio_balloon.ko; do
	check "initramfs holds $f" grep -qx "$f" <<<"$list"
done
owners=$(cpio -itv --quiet < "$cpio_file" | awk '$3 != "root" || $4 != "root"' | wc -l)
check "initramfs entries belong to root" test "$owners" -eq 0
check "/init parses" build/linux/busybox/bin/busybox sh -n guest-linux/init
order=$(grep -o 'for m in [a-z_ ]*' guest-linux/init)
check "/init loads the modules in symbol order" \
	test "$order" = "for m in virtio_ring virtio virtio_mmio virtio_balloon"

again=$(mktemp)
scripts/linux/mkinitramfs.sh "$again" build/linux build/linux/workload >/dev/null
check "initramfs is reproducible" cmp -s "$again" "$cpio_file"
rm -f "$again"

console=$(mktemp)
build/linux/workload 1 0 3 > "$console"
check "workload runs its rounds" has '^workload: round 3 ok MemTotal: [0-9]+ kB MemFree: [0-9]+ kB$'
check "workload ends" has '^workload: done$'
build/linux/workload 1 > "$console" 2>&1
check "workload rejects a bad command line" has '^usage: workload MB PERIOD ROUNDS$'
rm -f "$console"
