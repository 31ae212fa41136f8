#!/usr/bin/env bash
# make run-kvm's host checks, against fake /dev/kvm, /proc/cpuinfo and
# kvm_intel parameter files: each missing piece gets its own advice and
# status 126, before QEMU starts. (A host that passes would boot for real,
# so that case is left to users with nested VT-x.)
. "$(dirname "$0")/../lib/qemu-lib.sh"

fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
: > "$fake/kvm"
printf 'vendor_id\t: GenuineIntel\n' > "$fake/intel"
printf 'vendor_id\t: AuthenticAMD\n' > "$fake/amd"
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
refuses "on an AMD host" "$fake/kvm" "$fake/amd" "$fake/nested-off" 'AuthenticAMD, not GenuineIntel.*make run'
refuses "without kvm_intel" "$fake/kvm" "$fake/intel" "$fake/none" 'modprobe kvm_intel nested=1'
refuses "with nested off" "$fake/kvm" "$fake/intel" "$fake/nested-off" 'nested VT-x is off.*options kvm_intel nested=1'
check "no QEMU output was made" [ ! -e "$fake/out" ]
