#!/usr/bin/env bash
# run-tests: alone
# Reproducible anywhere: the tree copied into two folders whose paths
# differ in length builds the same images, byte for byte, as this checkout
# (no path in any object, every image date from SOURCE_DATE_EPOCH), and a
# ballooning scenario run from each copy gives the same trace, console and
# summary, byte for byte.
. "$(dirname "$0")/../lib/lib.sh"

export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 946684800)}
scn=tests/integration/balloon/balloon.scn
images="build/ballast.elf build/guest-stub.bin build/BOOTX64.EFI build/iso/balloon.iso build/esp.img"
work=$(mktemp -d /tmp/ballast-repro.XXXXXX)
trap 'rm -rf "$work"' EXIT

# copy DIR: the files of this tree that git tracks (or would), as a user's
# checkout of them
copy() {
	mkdir -p "$1"
	git ls-files -z --cached --others --exclude-standard | tar -c --null -T - -f - | tar -x -C "$1" -f -
}
# build_and_run DIR: the images, then the run, out in DIR/out/bochs/balloon
build_and_run() {
	(cd "$1" && make -s $images SCENARIO=$scn >/dev/null 2>&1 &&
		make -s esp SCENARIO=$scn >/dev/null 2>&1 &&
		BOCHS_QUIET=1 make -s run SCENARIO=$scn >/dev/null 2>&1)
}
a=$work/a
b=$work/a-much-longer-path/b
copy "$a"
copy "$b"
build_and_run "$a"
check "the scenario runs to status 0 from the first copy" [ $? -eq 0 ]
build_and_run "$b"
check "the scenario runs to status 0 from the second copy" [ $? -eq 0 ]

make -s $images SCENARIO=$scn >/dev/null 2>&1 && make -s esp SCENARIO=$scn >/dev/null 2>&1
for f in $images; do
	check "$f is the same, byte for byte, from three checkouts" \
		eval "cmp -s $f $a/$f && cmp -s $f $b/$f"
done
for f in trace.csv console.log summary.txt; do
	check "the run's $f is the same, byte for byte, from two checkouts" \
		cmp -s "$a/out/bochs/balloon/$f" "$b/out/bochs/balloon/$f"
done
check "the trace has rows" [ "$(wc -l < "$a/out/bochs/balloon/trace.csv")" -gt 100 ]
