#!/usr/bin/env bash
# Installs the Debian packages Ballast needs, only those missing. Called by
# make run, make test and make bench; safe to run again. Without root or
# apt it prints the packages to install and stops.
set -eu

# command, or file (a glob), : package
needs=(
	"gcc:gcc"
	"make:make"
	"objcopy:binutils"
	"bochs:bochs"
	"/usr/share/bochs/BIOS-bochs-latest:bochsbios"
	"/usr/share/seabios/vgabios-stdvga.bin:seabios"
	"grub-mkrescue:grub-common"
	"/usr/lib/grub/i386-pc/multiboot2.mod:grub-pc-bin"
	"xorriso:xorriso"
	"mformat:mtools"
	"qemu-system-x86_64:qemu-system-x86"
	"/usr/share/OVMF/OVMF_CODE.fd:ovmf"
	"/usr/include/efi/efi.h:gnu-efi"
	"clang:clang"
	"/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev"
	"valgrind:valgrind"
	"python3:python3"
	"gnuplot:gnuplot-nox"
)

missing=()
for n in "${needs[@]}"; do
	what=${n%%:*} pkg=${n##*:}
	if [[ $what == /* ]]; then
		compgen -G "$what" >/dev/null && continue
	else
		command -v "$what" >/dev/null 2>&1 && continue
	fi
	[[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing packages: ${missing[*]}" >&2
	echo "deps.sh: install them as root: apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
