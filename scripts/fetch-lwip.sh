#!/usr/bin/env bash
# fetch-lwip.sh DIR: puts lwIP's sources (Debian's source package lwip,
# upstream 2.1.3) in DIR/lwip-2.1.3, for the management plane (mk/net.mk).
# They are fetched at build time and never committed. The deb-src entry
# is derived from the system's own apt sources (each "deb" entry, as
# "deb-src") in a private apt directory that is removed afterwards, so the
# system's apt configuration is not changed and no host name is written
# here. Exits 1, saying why, when the source cannot be had (no apt, no
# network): the build then goes on with the plane off, and DIR/failed
# keeps later builds from trying again (remove it, or make clean, to retry).
set -u
dir=$1
want=lwip-2.1.3
[ -f "$dir/$want/src/Filelists.mk" ] && exit 0
if [ -f "$dir/failed" ]; then
	echo "fetch-lwip.sh: $(cat "$dir/failed") (remove $dir/failed to try again)" >&2
	exit 1
fi
fail() {
	mkdir -p "$dir"
	echo "$1: the management plane is not built" > "$dir/failed"
	echo "fetch-lwip.sh: $1: the management plane is not built" >&2
	exit 1
}
command -v apt-get >/dev/null 2>&1 || fail "no apt-get"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/parts" "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/src"
# One-line sources ("deb URI SUITE...") and deb822 ones ("Types: deb").
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] && sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f"
done > "$tmp/sources.list"
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] && sed 's/^Types:.*\bdeb\b.*$/Types: deb-src/' "$f" > "$tmp/parts/$(basename "$f")"
done
apt_opts=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o "Dir::Etc::SourceParts=$tmp/parts"
	-o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache"
	-o "Debug::NoLocking=1" -o "APT::Sandbox::User=$(id -un)")
if ! apt-get "${apt_opts[@]}" update -qq >"$tmp/log" 2>&1 ||
   ! (cd "$tmp/src" && apt-get "${apt_opts[@]}" source --download-only -qq lwip >>"$tmp/log" 2>&1); then
	tail -n 3 "$tmp/log" | sed 's/^/  /' >&2
	fail "cannot fetch Debian's source package lwip"
fi
orig=$(ls "$tmp"/src/lwip_2.1.3*.orig.tar.* 2>/dev/null | head -n 1)
[ -n "$orig" ] || fail "the source package has no lwIP 2.1.3 tarball"
mkdir -p "$dir"
tar -xf "$orig" -C "$tmp/src" || fail "cannot unpack $(basename "$orig")"
[ -f "$tmp/src/$want/src/Filelists.mk" ] || fail "$(basename "$orig") holds no $want/src"
rm -rf "${dir:?}/$want"
mv "$tmp/src/$want" "$dir/$want"
echo "fetch-lwip.sh: lwIP sources in $dir/$want (from $(basename "$orig"))"
