#!/usr/bin/env bash
# run-tests: alone
# Controls on the management plane in Bochs (issue 15,
# tests/integration/net-control/net-control.scn): each control POSTed during the run
# is applied at a tick, said on the console with that tick, and moves the
# trace there (net-control-check.py): a pause stops the guest's pages, a
# squeeze takes free pages into the hypervisor's hands and changes the
# state, shares move the entitlements, a limit caps one, a reservation
# floors one, a release gives the pages back. Each refusal class gets its
# 4xx and a reason and changes nothing; the guests still verify their data.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/net-lib.sh"

net_boot net-control tests/integration/net-control/net-control.scn
# post JSON [CURL ARGS...]: a control with the token, its status
post() {
	local json=$1
	shift
	get /api/v1/control -X POST -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' -d "$json" "$@"
}
# last FIELD [GUEST]: the field of the served trace's last row (of GUEST)
last() {
	get /api/v1/trace.csv >/dev/null
	awk -F, -v want="$1" -v g="${2:-}" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		g == "" || $2 == g { v = $col[want] } END { print v + 0 }' "$work/body"
}
net_up

# refusal NAME STATUS WORDS JSON [CURL ARGS...]
refusal() {
	local name=$1 want=$2 words=$3 json=$4
	shift 4
	local got
	got=$(post "$json" "$@")
	check "$name: $want, saying why" eval '[ "$got" = "$want" ] && grep -q "$words" "$work/body"'
	[ "$got" = "$want" ] || echo "#   got $got: $(head -c 200 "$work/body")"
}
refusal "a control that is not JSON by its type" 415 "Content-Type: application/json" \
	'{"control":"pause","guest":"a"}' -H 'Content-Type: text/plain'
refusal "bad JSON" 400 "not JSON" '{"control":"pause",'
refusal "an unknown control" 400 "no such control" '{"control":"grow","guest":"a"}'
refusal "an unknown guest" 404 "no guest" '{"control":"pause","guest":"zz"}'
refusal "an out-of-range value" 422 "shares must be" '{"control":"shares","guest":"a","value":0}'
refusal "a size not in pages" 422 "4096-byte pages" '{"control":"limit","guest":"a","value":1000}'
refusal "a limit below the reservation" 422 "below the guest's reservation" \
	'{"control":"limit","guest":"b","value":1048576}'
refusal "a squeeze of more than is free" 422 "all the free pages" \
	'{"control":"squeeze","value":41943040}'
refusal "a release of more than was squeezed" 422 "squeezed pages" '{"control":"release","value":4096}'
refusal "resuming a guest not paused" 409 "not paused" '{"control":"resume","guest":"a"}'
refusal "a control over 4 KiB" 413 "over 4096 bytes" "{\"control\":\"pause\",\"guest\":\"$(head -c 5000 /dev/zero | tr '\0' a)\"}"
got=$(get /api/v1/ctl -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}')
check "a control on another path: 404, saying why" eval '[ "$got" = 404 ] && grep -q "POST controls to /api/v1/control" "$work/body"'

# accept NAME JSON: queued (202) for the tick the answer names; waits
# until the served trace is an emulated second past that tick, so that
# the next control lands on another tick whatever the emulator's speed
accept() {
	local got at
	got=$(post "$2")
	check "$1: 202, queued" eval '[ "$got" = 202 ] && grep -q "\"queued\":true" "$work/body"'
	[ "$got" = 202 ] || echo "#   got $got: $(head -c 200 "$work/body")"
	at=$(sed -n 's/.*"at_tick_ms":\([0-9]*\).*/\1/p' "$work/body")
	wait_until $(( ${at:-0} + 1000 ))
}
# wait_until T: until the served trace reaches T ms of the run's clock
# (at most a minute)
wait_until() {
	for _ in $(seq 1 120); do
		[ "$(last t_ms)" -ge "$1" ] && return
		sleep 0.5
	done
}
accept "pause b" '{"control":"pause","guest":"b"}'
accept "resume b" '{"control":"resume","guest":"b"}'
free=$(last free_pages)
squeeze=$(( free > 400 ? free - 320 : 1 ))
echo "# free $free pages: squeezing $squeeze"
accept "squeeze all but 320 free pages" "{\"control\":\"squeeze\",\"value\":$((squeeze * 4096))}"
accept "shares of a 10 times b's" '{"control":"shares","guest":"a","value":1600}'
granted=$(last granted_pages a)
limit=$(( granted > 200 ? granted / 2 : 100 ))
echo "# a holds $granted pages: limit $limit"
accept "a limit below what a holds" "{\"control\":\"limit\",\"guest\":\"a\",\"value\":$((limit * 4096))}"
accept "a reservation of b" '{"control":"reservation","guest":"b","value":12582912}'
accept "release what was squeezed" "{\"control\":\"release\",\"value\":$((squeeze * 4096))}"
check "the plane still serves after the controls" [ "$(get /api/v1/state)" = 200 ]

wait "$run"
status=$?
check "run status 0 with controls" [ "$status" -eq 0 ]
console=out/test/net-control/console.log
for g in a b; do
	check "guest $g verifies its heap" has "^\[$g\] heap verified: [0-9]+ pages, 0 mismatches$"
done
for c in "pause b" "resume b" "squeeze $squeeze" "shares a 1600" "limit a $limit" \
	 "reservation b 3072" "release $squeeze"; do
	check "control $c: applied at a tick" has "^ballast: control: $c applied at t=[0-9]+ms$"
done
lacks "refused at" || grep "refused at" "$console" | sed 's/^/#   /'
check "no control was refused at its tick" lacks "refused at"
check "each control moved the trace at its tick" \
	python3 tests/integration/net-control/net-control-check.py out/test/net-control/trace.csv "$console" "$squeeze" "$limit"
