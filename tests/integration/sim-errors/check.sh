#!/usr/bin/env bash
# A bad scenario stops the simulator before anything runs, with
# file:line:column and what is wrong; bad usage likewise exits 2.
set -u
. "$(dirname "$0")/../lib/sim-lib.sh"

printf 'machine memory=16G\nguest ws1 memory=8G colour=red\n' > "$WORK/bad.scn"
msg=$("$SIM" "$WORK/bad.scn" -o "$WORK/out" 2>&1)
rc=$?
echo "# $msg"
[ "$rc" -eq 2 ] && [ "$msg" = "$WORK/bad.scn:2:21: unknown key 'colour' for 'guest'" ]
check "sim errors: bad key reported at file:line:column, exit 2" $?
[ ! -e "$WORK/out/trace.csv" ]
check "sim errors: nothing runs on a bad scenario" $?

"$SIM" 2>/dev/null
[ $? -eq 2 ]
check "sim errors: usage without arguments exits 2" $?
"$SIM" "$WORK/missing.scn" -o "$WORK/out" 2>/dev/null
[ $? -eq 2 ]
check "sim errors: missing file exits 2" $?

msg=$("$SIM" scenarios/case-study-baseline-small.scn -o "$WORK/m" -m windows 2>&1)
[ $? -eq 2 ] && [ "$msg" = "ballast-sim: no such guest model (case-study or stub)" ] && [ ! -e "$WORK/m" ]
check "sim errors: an unknown guest model (-m) is refused by name, exit 2, nothing runs" $?

# -o makes the folders it needs (a fresh checkout has no out/), and says
# plainly when it cannot.
"$SIM" scenarios/case-study-baseline-small.scn -o "$WORK/a/b/c" >/dev/null
[ $? -eq 0 ] && [ -s "$WORK/a/b/c/trace.csv" ]
check "sim: -o makes the missing folders above its folder" $?
: > "$WORK/file"
msg=$("$SIM" scenarios/case-study-baseline-small.scn -o "$WORK/file/x" 2>&1 >/dev/null)
[ $? -eq 1 ] && [ "$msg" = "ballast-sim: $WORK/file/x: Not a directory" ]
check "sim errors: an -o under a file is refused by name, exit 1" $?
[ "$failures" -eq 0 ]
