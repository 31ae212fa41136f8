#!/usr/bin/env bash
# mkinitrd.sh OUT.cpio.zst PARTS SWAPINFO
# The L1 machine's base initramfs, the same for every scenario: busybox
# (for /init), the KVM modules of the kernel in PARTS (scripts/nested/
# fetch.sh), build/swapinfo (for make-swap-disk.sh), this host's QEMU with the OVMF image and the one ROM it
# loads under KVM, plus bash and the GNU tools the launcher scripts run,
# each with exactly the libraries ldd lists. The launchers run on these
# GNU tools, not on busybox (the L1 /init runs them with PATH=/usr/bin),
# so the code a user's make run-kvm takes is the code that runs here.
set -eu
out=$1 parts=$2 swapinfo=$3
# What scripts/run-qemu.sh, verdict.sh and make-swap-disk.sh run.
tools="env bash id sed head cat mkdir rm tr tail grep sleep dirname truncate"
firmware="/usr/share/OVMF/OVMF_CODE.fd /usr/share/qemu/kvmvapic.bin"
modules="virt/lib/irqbypass arch/x86/kvm/kvm arch/x86/kvm/kvm-intel"

kver=$(ls "$parts/kernel/lib/modules")
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,usr/bin,proc,sys,dev,tmp,etc} "$root/lib/modules/$kver"

cp "$parts/busybox/bin/busybox" "$root/bin/"
cp "$(dirname "$0")/init" "$root/init"
chmod +x "$root/init"
echo 'root:x:0:0:root:/:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
for m in $modules; do
	mkdir -p "$root/lib/modules/$kver/kernel/$(dirname "$m")"
	cp "$parts/kernel/lib/modules/$kver/kernel/$m.ko" "$root/lib/modules/$kver/kernel/$m.ko"
done

# add FILE...: each file (symbolic links followed) at its own path.
add() {
	local f
	for f in "$@"; do
		[ -e "$f" ] || { echo "mkinitrd.sh: $f is missing" >&2; exit 1; }
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
}
# add_libraries PROGRAM: the libraries its loader would map, and the loader.
add_libraries() {
	add $(ldd "$1" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p')
}
add_program() {
	add "$1"
	add_libraries "$1"
}
add_program "$(command -v qemu-system-x86_64)"
for t in $tools; do
	p=$(command -v "$t")
	add_program "$p"
	# the scripts call them by name from PATH=/usr/bin
	[ "$p" = "/usr/bin/$t" ] || cp -L "$p" "$root/usr/bin/$t"
done
add $firmware
mkdir -p "$root/ballast/build"
cp "$swapinfo" "$root/ballast/build/swapinfo"
add_libraries "$swapinfo"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | zstd -q -10 -T0) > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitrd.sh: $out: $(du -sm "$root" | cut -f1) MiB unpacked, $(($(stat -c %s "$out") / 1048576)) MiB compressed"
