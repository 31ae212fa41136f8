#!/usr/bin/env bash
# run-qemu.sh MODE IMAGE OUTDIR [DISK]
# Boots Ballast under QEMU and returns the run's verdict, as run-bochs.sh.
# DISK (or $SWAP_DISK), a raw image from scripts/make-swap-disk.sh, is the
# primary IDE master, the hypervisor's swap disk; the ISO or the ESP is the
# secondary master. Without one the run goes on without swap.
#   ovmf  IMAGE is an ESP (scripts/make-esp.sh), booted by OVMF under TCG
#   iso   IMAGE is the Multiboot2 GRUB ISO, booted by SeaBIOS under TCG
#   kvm   IMAGE is an ESP, booted by OVMF under KVM with -cpu host: nested
#         VT-x on Intel hosts with kvm_intel nested=1, nested SVM on AMD
#         hosts with kvm_amd nested=1 (checked first)
# The console (COM1) goes to the terminal and OUTDIR/console.log, the trace
# (COM2) to OUTDIR/trace.csv, the summary block to OUTDIR/summary.txt, and
# QEMU's own exit status to OUTDIR/qemu-status. The hypervisor ends a run
# through isa-debug-exit, so QEMU exits with (run status << 1) | 1.
# Exit status: the run status from the console (0 ok, 1 a guest failed,
# 2 panic, 3 no usable VT-x or SVM, 4 bad scenario); 123 when the UEFI loader
# failed and returned to the firmware (QEMU is stopped then: the firmware
# would wait in its menu); 124 on timeout; 125 when the run ended without
# a verdict; 126 when the host cannot run MODE (kvm).
# Environment: QEMU_TIMEOUT (seconds, default 600), QEMU_MEGS (default
# 256), QEMU_CPU (the TCG modes' -cpu, default max: AMD SVM with nested
# paging, which the hypervisor's SVM back end runs on), QEMU_QUIET=1 to keep the console off the terminal, NET_PORT (the
# management plane: an e1000 on user networking, the host's
# 127.0.0.1:NET_PORT forwarded to its port 80). For tests of
# the KVM checks: KVM_DEV, KVM_CPUINFO, KVM_NESTED (paths to read instead
# of /dev/kvm, /proc/cpuinfo, /sys/module/kvm_intel/parameters/nested
# or kvm_amd's).
set -u
mode=$1 image=$2 out=$3 disk=${4:-${SWAP_DISK:-}}
timeout_s=${QEMU_TIMEOUT:-600}
megs=${QEMU_MEGS:-256}
cpu=${QEMU_CPU:-max}
ovmf=/usr/share/OVMF/OVMF_CODE.fd
loader_failed='^ballast-efi: boot failed, returning to the firmware'

# Says what to enable, one line each, and fails, unless this host can run
# Ballast nested: KVM usable, an Intel CPU with kvm_intel's nested VT-x on
# or an AMD one with kvm_amd's nested SVM on (the hypervisor picks its VMX
# or SVM back end from what -cpu host shows it).
check_kvm() {
	local dev=${KVM_DEV:-/dev/kvm} cpuinfo=${KVM_CPUINFO:-/proc/cpuinfo}
	local vendor module ext nested
	vendor=$(sed -n 's/^vendor_id[[:space:]]*: *//p' "$cpuinfo" | head -n 1)
	case $vendor in
	GenuineIntel) module=kvm_intel ext=VT-x ;;
	AuthenticAMD) module=kvm_amd ext="AMD-V (SVM)" ;;
	*)
		echo "run-kvm: this host's CPU is ${vendor:-unknown}, neither GenuineIntel nor AuthenticAMD: Ballast needs VT-x or AMD-V; use make run (Bochs) or make run-qemu instead" >&2
		return 1
		;;
	esac
	nested=${KVM_NESTED:-/sys/module/$module/parameters/nested}
	if [ ! -e "$dev" ]; then
		echo "run-kvm: $dev is missing: enable $ext in the firmware setup and load KVM (modprobe $module nested=1)" >&2
		return 1
	fi
	if [ ! -r "$dev" ] || [ ! -w "$dev" ]; then
		echo "run-kvm: $dev is not usable by $(id -un): add yourself to its group (usually kvm) and log in again" >&2
		return 1
	fi
	if [ ! -r "$nested" ]; then
		echo "run-kvm: $module is not loaded (no $nested): modprobe $module nested=1" >&2
		return 1
	fi
	case $(cat "$nested") in
	Y | y | 1) return 0 ;;
	esac
	echo "run-kvm: nested $ext is off: with no VM running, modprobe -r $module && modprobe $module nested=1; to keep it, add 'options $module nested=1' to /etc/modprobe.d/kvm.conf" >&2
	return 1
}

case $mode in
ovmf) machine=(-accel tcg -cpu "$cpu" -bios "$ovmf" -drive "format=raw,file=$image,if=ide,index=2") ;;
iso) machine=(-accel tcg -cpu "$cpu" -cdrom "$image") ;;
kvm)
	check_kvm || exit 126
	machine=(-accel kvm -cpu host -bios "$ovmf" -drive "format=raw,file=$image,if=ide,index=2")
	;;
*)
	echo "run-qemu.sh: unknown mode $mode (ovmf, iso or kvm)" >&2
	exit 2
	;;
esac
[ -f "$image" ] || { echo "run-qemu.sh: $image is missing" >&2; exit 2; }
if [ -n "$disk" ]; then
	[ -f "$disk" ] || { echo "run-qemu.sh: swap disk $disk is missing" >&2; exit 2; }
	machine+=(-drive "format=raw,file=$disk,if=ide,index=0")
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/console.raw "$out"/trace.raw "$out"/console.log "$out"/trace.csv \
	"$out"/summary.txt "$out"/qemu-status
: > "$out/console.raw"

# OVMF's console on the serial port is a terminal: strip its CRs and ANSI
# escapes (screen clears, cursor moves, colours). One unbuffered sed, so
# the terminal shows each line as it comes (tr into a pipe holds 4 KiB).
clean() { sed -u 's/\r//g; s/\x1b\[[0-9;=?]*[A-Za-z]//g'; }

net=()
if [ -n "${NET_PORT:-}" ]; then
	net=(-netdev "user,id=plane,hostfwd=tcp:127.0.0.1:$NET_PORT-:80" -device e1000,netdev=plane)
	echo "run-qemu.sh: the management plane: http://127.0.0.1:$NET_PORT/ (and /metrics, /api/v1/state, /api/v1/trace.csv)" >&2
fi

qemu-system-x86_64 "${machine[@]}" "${net[@]}" -m "$megs" -nodefaults -display none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-serial "file:$out/console.raw" -serial "file:$out/trace.raw" \
	</dev/null >"$out/qemu.out" 2>&1 &
pid=$!
if [ "${QEMU_QUIET:-0}" != 1 ]; then
	tail -n +1 -F --pid=$pid "$out/console.raw" 2>/dev/null | clean &
fi

# QEMU ends by itself when the hypervisor writes isa-debug-exit; it is
# stopped here only on a timeout or after the loader gave up.
why=
deadline=$((SECONDS + timeout_s))
while kill -0 $pid 2>/dev/null; do
	if grep -aq "$loader_failed" "$out/console.raw"; then
		why=loader
	elif [ $SECONDS -ge $deadline ]; then
		why=timeout
	fi
	if [ -n "$why" ]; then
		kill $pid
		break
	fi
	sleep 0.2
done
wait $pid
qemu_rc=$?
wait
echo "$qemu_rc" > "$out/qemu-status"

clean < "$out/console.raw" > "$out/console.log"
# OVMF and the UEFI loader write their console to every serial port, COM2
# too: the trace is what follows, from the hypervisor's header line on.
[ -f "$out/trace.raw" ] && tr -d '\r' < "$out/trace.raw" | sed -n '/^t_ms,/,$p' > "$out/trace.csv"
rm -f "$out/console.raw" "$out/trace.raw"
sed -n '/^--- summary ---$/,/^--- end of summary ---$/p' "$out/console.log" > "$out/summary.txt"

if [ "$why" = loader ]; then
	echo "run-qemu.sh: the UEFI loader failed (its error is above and in $out/console.log); QEMU stopped" >&2
	exit 123
fi
if [ "$why" = timeout ]; then
	echo "run-qemu.sh: no verdict after ${timeout_s}s; QEMU stopped (see $out/console.log)" >&2
	exit 124
fi
"$(dirname "$0")/verdict.sh" "$out/console.log"
verdict=$?
if [ "$verdict" -eq 125 ]; then
	echo "run-qemu.sh: the run ended without a verdict (QEMU exit status $qemu_rc; see $out/qemu.out)" >&2
	tail -n 5 "$out/qemu.out" >&2
fi
exit "$verdict"
