#!/usr/bin/env bash
# run-tests: alone
# make run-kvm's host checks, against fake /dev/kvm, /proc/cpuinfo and
# kvm_intel or kvm_amd parameter files: each missing piece gets its own
# advice, naming the vendor's extension and module, and status 126,
# before QEMU starts. (A host that passes would boot for real, so that
# case is left to users with nested VT-x or SVM.)
. "$(dirname "$0")/../lib/qemu-lib.sh"

fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
: > "$fake/kvm"
printf 'vendor_id\t: GenuineIntel\n' > "$fake/intel"
printf 'vendor_id\t: AuthenticAMD\n' > "$fake/amd"
printf 'vendor_id\t: HygonGenuine\n' > "$fake/other"
echo N > "$fake/nested-off"

# refuses NAME DEV CPUINFO NESTED PATTERN
refuses() {
	local msg rc
	msg=$(KVM_DEV=$2 KVM_CPUINFO=$3 KVM_NESTED=$4 scripts/run-qemu.sh kvm build/esp.img "$fake/out" 2>&1)
	rc=$?
	check "run-kvm refuses $1 (status 126)" [ "$rc" -eq 126 ]
	check "run-kvm says what to do $1" grep -Eq -- "$5" <<<"$msg"
}

refuses "without /dev/kvm" "$fake/none" "$fake/intel" "$fake/nested-off" 'is missing: enable VT-x'
refuses "on a CPU of another vendor" "$fake/kvm" "$fake/other" "$fake/nested-off" 'HygonGenuine, neither GenuineIntel nor AuthenticAMD.*make run'
refuses "without kvm_intel" "$fake/kvm" "$fake/intel" "$fake/none" 'modprobe kvm_intel nested=1'
refuses "with nested off" "$fake/kvm" "$fake/intel" "$fake/nested-off" 'nested VT-x is off.*options kvm_intel nested=1'
refuses "on AMD without /dev/kvm" "$fake/none" "$fake/amd" "$fake/nested-off" 'is missing: enable AMD-V \(SVM\).*modprobe kvm_amd nested=1'
refuses "on AMD without kvm_amd" "$fake/kvm" "$fake/amd" "$fake/none" 'kvm_amd is not loaded.*modprobe kvm_amd nested=1'
refuses "on AMD with nested off" "$fake/kvm" "$fake/amd" "$fake/nested-off" 'nested AMD-V \(SVM\) is off.*options kvm_amd nested=1'
check "no QEMU output was made" [ ! -e "$fake/out" ]
