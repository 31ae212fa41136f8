#!/usr/bin/env bash
# Bad kernels and command lines (guests booted through the Linux boot
# protocol), one class each: an image cut short, no "HdrS", a protocol
# before 2.12, no 64-bit entry, a guest too small for it, a command line
# longer than it takes, a kernel no loader passed, an unclosed quote,
# cmdline= without kernel=, a path for a name; an initrd without a
# kernel, one no loader passed, one too big for the guest, an empty one.
# Each is refused with why,
# and nothing runs (status 4); a kernel that boots and then crashes stops
# alone. The bad images are made from memtest86+'s here.
. "$(dirname "$0")/../lib/lib.sh"

dir=tests/integration/bad-kernel
images=out/test/bad-kernel-images
mt=/boot/memtest86+x64.bin
mkdir -p "$images"
patch() { # patch FILE OFFSET HEXBYTES: a copy of memtest86+ with bytes put in
	cp "$mt" "$images/$1"
	printf "$(sed 's/\(..\)/\\x\1/g' <<<"$3")" |
		dd of="$images/$1" bs=1 seek=$(($2)) conv=notrunc status=none
}
head -c 300 "$mt" > "$images/short.bin"
patch nomagic.bin 0x202 58585858
patch proto209.bin 0x206 0902
patch no64.bin 0x236 0000
setup_sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$mt")
patch crash.bin $(((setup_sects + 1) * 512 + 0x200)) 0f0b
head -c $((8 << 20)) /dev/zero > "$images/big-initrd.img"
: > "$images/empty-initrd.img"
export KERNEL_PATH=$images:/boot

refused() { # refused SCENARIO WHAT PATTERN: refused, saying PATTERN
	boot "bad-kernel-$1" "$dir/$1.scn" none 2>/dev/null
	check "$2: status 4 (bad scenario)" [ "$boot_status" -eq 4 ]
	check "$2: says why" has "$3"
	check "$2: nothing runs" lacks '^t=[0-9]+ms'
}
loadable() { # loadable SCENARIO WHAT PATTERN: a guest line the hypervisor refuses
	refused "$@"
	check "$2: said to be a bad scenario" \
		has '^ballast: bad scenario: guest k cannot be loaded, nothing runs$'
}

loadable short "a file cut short" \
	'^ballast: guest k: kernel short\.bin: 300 bytes is too short for a kernel image \(its setup header ends at 612\)$'
loadable magic "no HdrS" \
	'^ballast: guest k: kernel nomagic\.bin: not a Linux kernel image \(no boot flag 0xaa55 or "HdrS" at 0x202\)$'
loadable protocol "protocol 2.09" \
	'^ballast: guest k: kernel proto209\.bin: boot protocol 2\.09 is too old: Ballast starts kernels at the 64-bit entry of protocol 2\.12 or later$'
loadable no64 "no 64-bit entry" \
	'^ballast: guest k: kernel no64\.bin: the kernel has no 64-bit entry \(xloadflags 0x0\)$'
loadable big "a guest too small" \
	'^ballast: guest k: kernel memtest86\+x64\.bin: the kernel needs memory up to [0-9]+ KiB, the guest has 1280 KiB it can start in$'
loadable cmdline "a command line too long" \
	'^ballast: guest k: kernel memtest86\+x64\.bin: the command line is 264 bytes, the kernel takes at most 255$'
loadable missing "a kernel no loader passed" \
	'^ballast: guest k: no boot module named no-such-kernel\.bin: '
refused quote "an unclosed quote" \
	"^$dir/quote\.scn:3:[0-9]+: a quote that is not closed on its line\$"
refused nokernel "cmdline= without kernel=" \
	"^$dir/nokernel\.scn:3:[0-9]+: key 'cmdline' needs kernel=: it is for a guest that boots a kernel\$"
refused path "a path for a kernel's name" \
	"^$dir/path\.scn:3:[0-9]+: file name '\.\./memtest86\+x64\.bin': only letters, digits and - _ \. \+, no path\$"
refused initrd-nokernel "initrd= without kernel=" \
	"^$dir/initrd-nokernel\.scn:3:[0-9]+: key 'initrd' needs kernel=: it is for a guest that boots a kernel\$"
loadable initrd-missing "an initrd no loader passed" \
	'^ballast: guest k: no boot module named no-such-initrd\.img: '
loadable initrd-big "an initrd too big for the guest" \
	'^ballast: guest k: initrd big-initrd\.img: the initrd \(8192 KiB\) does not fit between the kernel.s end and the top of memory it may use \(8192 KiB\)$'
loadable initrd-empty "an empty initrd" \
	'^ballast: guest k: initrd empty-initrd\.img: the initrd is empty$'

boot bad-kernel-crash "$dir/crash.scn" none
check "a crashing kernel: run status 1 (it failed, nothing else)" [ "$boot_status" -eq 1 ]
check "a crashing kernel: stopped alone, for its triple fault" \
	has '^ballast: guest 1 k stopped: triple fault '
check "a crashing kernel: the stub beside it passes" passed g
