#!/usr/bin/env bash
# fetch.sh CACHE DIR
# The L1 machine's Debian parts: the cloud kernel with its modules (the
# package linux-image-cloud-amd64 names the current ABI's package, which
# apt resolves) and busybox-static. The .debs are kept in CACHE, so a
# rerun needs no network, and a kernel whose ABI a security update has
# since removed from the archive still builds; delete CACHE to take the
# newest. Both are unpacked afresh into DIR (DIR/kernel, DIR/busybox).
set -eu
cache=$1 dir=$2
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# newest NAME-PATTERN: the newest cached .deb whose name matches.
newest() {
	local f
	f=$(ls -1 "$cache"/$1_*.deb 2>/dev/null | sort -V | tail -n 1)
	[ -n "$f" ] && echo "$f"
}

# fetch PACKAGE: its .deb in the cache, downloaded when missing.
fetch() {
	local deb
	if deb=$(newest "$1"); then
		echo "$deb"
		return 0
	fi
	echo "fetch.sh: downloading $1" >&2
	(cd "$cache" && apt-get download -q "$1" >&2) || {
		echo "fetch.sh: apt-get download $1 failed (no network or stale lists? try apt-get update)" >&2
		return 1
	}
	newest "$1"
}

kernel_pkg() {
	local pkg
	if pkg=$(newest 'linux-image-*-cloud-amd64'); then
		basename "$pkg" | sed 's/_.*//'
		return 0
	fi
	pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n 1)
	[ -n "$pkg" ] || {
		echo "fetch.sh: apt does not know linux-image-cloud-amd64 (run apt-get update)" >&2
		return 1
	}
	echo "$pkg"
}

kpkg=$(kernel_pkg)
kdeb=$(fetch "$kpkg")
bdeb=$(fetch busybox-static)
rm -rf "$dir/kernel" "$dir/busybox"
mkdir -p "$dir/kernel" "$dir/busybox"
dpkg-deb -x "$kdeb" "$dir/kernel"
dpkg-deb -x "$bdeb" "$dir/busybox"
echo "fetch.sh: $(basename "$kdeb"), $(basename "$bdeb")"
