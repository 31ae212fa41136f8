#!/usr/bin/env bash
# deps.sh GROUP...: installs the Debian packages that GROUPs need, only
# those missing, so each make target brings in what it uses and no more
# (a figure needs gnuplot, not QEMU). Safe to run again. Without root or
# apt it prints the packages to install and stops.
#   build    compiler and binutils (every target)
#   bochs    Bochs and the GRUB ISO tools: make run, make bench, tests
#   efi      gnu-efi and mtools: the UEFI loader and the ESP image
#   qemu     QEMU and OVMF: make run-qemu, run-qemu-iso, run-kvm
#   fuzz     clang's libFuzzer: the parser's fuzz target
#   bench    valgrind: make bench's instruction counts
#   figures  gnuplot: make figures
#   test     what only the tests use (python3; memtest86+, the unmodified
#            guest of tests/integration/memtest and bad-kernel)
#   net      the management plane (mk/net.mk): Chart.js for its dashboard,
#            apt to fetch lwIP's source package, xz to unpack it, curl for its tests
#   nested   make test-nested: apt's download, dpkg-deb, cpio and zstd
#            to build the L1 machine (it also needs bochs, efi and qemu)
#   linux    the Linux guest (mk/linux.mk): apt's download, dpkg-deb,
#            cpio and xz for its initramfs, glibc's static libc for its
#            workload, iasl to check the guest's ACPI tables
#   all      every group: make test
set -eu

# group: command, or file (a glob), then : package
needs_build=("gcc:gcc" "make:make" "objcopy:binutils")
needs_bochs=(
	"bochs:bochs"
	"/usr/share/bochs/BIOS-bochs-latest:bochsbios"
	"/usr/share/seabios/vgabios-stdvga.bin:seabios"
	"grub-mkrescue:grub-common"
	"/usr/lib/grub/i386-pc/multiboot2.mod:grub-pc-bin"
	"xorriso:xorriso"
)
needs_efi=("/usr/include/efi/efi.h:gnu-efi" "mformat:mtools")
needs_qemu=("qemu-system-x86_64:qemu-system-x86" "/usr/share/OVMF/OVMF_CODE.fd:ovmf")
needs_fuzz=("clang:clang" "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev")
needs_bench=("valgrind:valgrind")
needs_figures=("gnuplot:gnuplot-nox")
needs_test=("python3:python3" "/boot/memtest86+x64.bin:memtest86+")
needs_net=("/usr/share/javascript/chart.js/chart.min.js:libjs-chart.js" "apt-get:apt" "curl:curl" "xz:xz-utils")
needs_nested=("apt-get:apt" "dpkg-deb:dpkg" "cpio:cpio" "zstd:zstd")
needs_linux=("apt-get:apt" "dpkg-deb:dpkg" "cpio:cpio" "xz:xz-utils"
	"/usr/lib/x86_64-linux-gnu/libc.a:libc6-dev" "iasl:acpica-tools")
all_groups=(build bochs efi qemu fuzz bench figures test net nested linux)

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(all)
[ "${groups[*]}" != all ] || groups=("${all_groups[@]}")

missing=()
for g in build "${groups[@]}"; do
	[[ " ${all_groups[*]} " == *" $g "* ]] || { echo "deps.sh: unknown group $g (${all_groups[*]} or all)" >&2; exit 2; }
	list="needs_$g[@]"
	for n in "${!list}"; do
		what=${n%%:*} pkg=${n##*:}
		if [[ $what == /* ]]; then
			compgen -G "$what" >/dev/null && continue
		else
			command -v "$what" >/dev/null 2>&1 && continue
		fi
		[[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
	done
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
