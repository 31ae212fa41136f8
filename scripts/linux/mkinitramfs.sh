#!/usr/bin/env bash
# mkinitramfs.sh OUT.cpio PARTS WORKLOAD
# The Linux guest's initramfs (issue 14): busybox-static from PARTS/busybox
# and the modules virtio_ring, virtio, virtio_mmio and virtio_balloon from
# the cloud kernel in PARTS/kernel (both unpacked by scripts/nested/
# fetch.sh), guest-linux/init as /init and the static WORKLOAD binary.
# Uncompressed: the guest's kernel would spend emulated time unpacking it.
# Reproducible: every date is SOURCE_DATE_EPOCH, the entries sorted, owner 0.
set -eu
out=$1 parts=$2 workload=$3
here=$(dirname "$0")
. "$here/../repro.sh"
modules="virtio_ring virtio virtio_mmio virtio_balloon"
kver=$(ls "$parts/kernel/lib/modules")
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,proc,sys,dev,lib/modules}

cp "$parts/busybox/bin/busybox" "$root/bin/busybox"
cp "$workload" "$root/bin/workload"
cp "$here/../../guest-linux/init" "$root/init"
chmod 755 "$root/init" "$root/bin/busybox" "$root/bin/workload"
dir=$parts/kernel/lib/modules/$kver/kernel/drivers/virtio
for m in $modules; do
	if [ -f "$dir/$m.ko" ]; then
		cp "$dir/$m.ko" "$root/lib/modules/"
	elif [ -f "$dir/$m.ko.xz" ]; then
		xz -dc "$dir/$m.ko.xz" > "$root/lib/modules/$m.ko"
	else
		echo "mkinitramfs.sh: $kver has no module $m in $dir" >&2
		exit 1
	fi
done

find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 --reproducible) > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs.sh: $out: $(($(stat -c %s "$out") / 1024)) KiB, kernel $kver"
