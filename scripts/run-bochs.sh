#!/usr/bin/env bash
# run-bochs.sh ISO OUTDIR [DISK]
# Boots a Ballast ISO in Bochs, headless, with a VMX-capable CPU model
# (BOCHS_CPU: corei7_skylake_x by default; ryzen for AMD SVM).
# DISK (or $SWAP_DISK), a raw image from scripts/make-swap-disk.sh, is the
# primary ATA master, the hypervisor's swap disk; the CD-ROM is the
# secondary master. Without one the run goes on without swap.
# The console (COM1) goes to the terminal and OUTDIR/console.log, the trace
# (COM2) to OUTDIR/trace.csv, the summary block to OUTDIR/summary.txt.
# Bochs exits with the same status however the run ended, so the verdict
# comes from the console: 0 when the hypervisor says "run ended: status 0",
# its status when it says "run failed", 124 on timeout, 125 when the run
# ended without a verdict (a triple fault, a Bochs panic).
# Environment: BOCHS_TIMEOUT (seconds, default 600), BOCHS_MEGS (default
# 256), BOCHS_IPS (instructions per emulated second, default 10000000),
# BOCHS_QUIET=1 to keep the console off the terminal, BOCHS (the
# emulator to start, default bochs; the tests give it one that dies),
# NET_PORT (the management plane, for a scenario with a net line: an
# e1000 on slirp, the host's 127.0.0.1:NET_PORT forwarded to its port 80).
set -u
iso=$1 out=$2 disk=${3:-${SWAP_DISK:-}}
timeout_s=${BOCHS_TIMEOUT:-600}
megs=${BOCHS_MEGS:-256}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/console.raw" "$out/trace.raw" "$out/console.log" "$out/trace.csv" "$out/summary.txt"

abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
disk_line=
if [ -n "$disk" ]; then
	[ -f "$disk" ] || { echo "run-bochs.sh: swap disk $disk is missing" >&2; exit 2; }
	disk_line="ata0-master: type=disk, path=$(abspath "$disk"), mode=flat"
fi

net_lines=
if [ -n "${NET_PORT:-}" ]; then
	printf '# slirp config\nhostfwd = tcp:127.0.0.1:%s-:80\n' "$NET_PORT" > "$out/slirp.conf"
	net_lines="pci: enabled=1, chipset=i440fx, slot1=e1000
e1000: enabled=1, mac=52:54:00:12:34:56, ethmod=slirp, script=$out/slirp.conf"
	echo "run-bochs.sh: the management plane: http://127.0.0.1:$NET_PORT/ (and /metrics, /api/v1/state, /api/v1/trace.csv)" >&2
fi

# Bochs 2.7 reports a guest's triple fault as a CPU panic before it
# takes the SVM shutdown intercept (cpu/exception.cc panics, then calls
# shutdown(), which exits to the hypervisor): under the ryzen model the
# CPU's panics are reported, not fatal, so the hypervisor sees the exit.
# A reported panic also stops Bochs in its debugger, which reads the next
# command from bochs.cmd: one "c" per guest triple fault the run may have.
# A triple fault of the hypervisor itself then leaves the CPU shut down,
# and the run ends by its timeout instead.
cpu_panic= continues=1
if [ "${BOCHS_CPU:-}" = ryzen ]; then
	cpu_panic=", cpu0=report" continues=64
fi

vgabios=/usr/share/bochs/VGABIOS-lgpl-latest
[ -e "$vgabios" ] || vgabios=/usr/share/seabios/vgabios-stdvga.bin

cat > "$out/bochsrc" <<RC
megs: $megs
cpu: model=${BOCHS_CPU:-corei7_skylake_x}, count=1, ips=${BOCHS_IPS:-10000000}, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=$vgabios
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
$disk_line
ata1: enabled=1, ioaddr1=0x170, ioaddr2=0x370, irq=15
ata1-master: type=cdrom, path=$(abspath "$iso"), status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$out/console.raw
com2: enabled=1, mode=file, dev=$out/trace.raw
clock: sync=none, time0=946684800
display_library: rfb, options="timeout=0"
sound: driver=dummy
speaker: enabled=0
port_e9_hack: enabled=1
panic: action=fatal$cpu_panic
log: $out/bochs.log
$net_lines
RC
yes c | head -n "$continues" > "$out/bochs.cmd"
: > "$out/console.raw"

timeout "$timeout_s" "${BOCHS:-bochs}" -q -f "$out/bochsrc" -rc "$out/bochs.cmd" </dev/null >"$out/bochs.out" 2>&1 &
pid=$!
if [ "${BOCHS_QUIET:-0}" != 1 ]; then
	tail -n +1 -F --pid=$pid "$out/console.raw" 2>/dev/null | tr -d '\r'
fi
wait $pid
bochs_rc=$?

tr -d '\r' < "$out/console.raw" > "$out/console.log"
[ -f "$out/trace.raw" ] && tr -d '\r' < "$out/trace.raw" > "$out/trace.csv"
rm -f "$out/console.raw" "$out/trace.raw"
sed -n '/^--- summary ---$/,/^--- end of summary ---$/p' "$out/console.log" > "$out/summary.txt"

if [ "$bochs_rc" -eq 124 ]; then
	echo "run-bochs.sh: no verdict after ${timeout_s}s; Bochs stopped (see $out/bochs.log)" >&2
	exit 124
fi
if grep -q '^ballast: run ended: status 0$' "$out/console.log"; then
	exit 0
fi
status=$(sed -n 's/^ballast: run failed: status \([0-9]*\)$/\1/p' "$out/console.log" | tail -n 1)
if [ -n "$status" ]; then
	exit "$status"
fi
# Bochs says why it stopped either in its log (a panic, a triple fault, a
# failed VM entry) or, when it dies, on its own output (bochs.out).
echo "run-bochs.sh: the run ended without a verdict (Bochs exit status $bochs_rc); Bochs's last words:" >&2
if grep -qE 'PANIC|triple|VMENTER|VMFAIL' "$out/bochs.log" 2>/dev/null; then
	echo "  from $out/bochs.log:" >&2
	grep -E 'PANIC|triple|VMENTER|VMFAIL' "$out/bochs.log" | tail -n 5 | sed 's/^/    /' >&2
fi
echo "  from $out/bochs.out:" >&2
grep -v '^[[:space:]]*$' "$out/bochs.out" | tail -n 5 | sed 's/^/    /' >&2
exit 125
