#!/usr/bin/env bash
# run-tests: alone
# The management plane in Bochs (tests/integration/net/net.scn, issue 15): an
# e1000 on slirp with a host port forwarded, read with curl while the run
# goes. Every endpoint answers, with figures that are the trace's own (the
# served trace is a prefix of the final one; the state and the metrics
# are rows of it); every refusal gets its 4xx and a reason; the run's
# guests still verify their data; and the trace is the same, byte for
# byte, as that of the same scenario run with the plane off
# (tests/integration/balloon/balloon.scn, no NIC). A build without the
# plane (PLANE=off, as where lwIP cannot be fetched) still links.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/../lib/net-lib.sh"

net_boot net tests/integration/net/net.scn
net_up
cp "$work/body" "$work/state1.json"

check "GET /metrics: 200" [ "$(get /metrics)" = 200 ]
cp "$work/body" "$work/metrics.txt"
# Prometheus's own checker, when the prometheus package is installed.
if command -v promtool >/dev/null 2>&1; then
	check "promtool check metrics accepts /metrics" eval 'promtool check metrics < "$work/metrics.txt" > "$work/promtool.txt" 2>&1'
	sed 's/^/#   /' "$work/promtool.txt"
else
	echo "# promtool not installed (package prometheus): /metrics checked by net-check.py only"
fi
check "GET /api/v1/trace.csv: 200" [ "$(get /api/v1/trace.csv)" = 200 ]
cp "$work/body" "$work/served.csv"
check "GET /: the dashboard" eval '[ "$(get /)" = 200 ] && grep -q "<canvas" "$work/body"'
check "GET /chart.js: Debian's Chart.js" eval '[ "$(get /chart.js)" = 200 ] && cmp -s "$work/body" /usr/share/javascript/chart.js/chart.min.js'

# refusal NAME STATUS WORDS CURL-ARGS...: answered STATUS, the reason has WORDS
refusal() {
	local name=$1 want=$2 words=$3
	shift 3
	local got
	got=$(get "$@")
	check "$name: $want, saying why" eval '[ "$got" = "$want" ] && grep -q "$words" "$work/body"'
	[ "$got" = "$want" ] || echo "#   got $got: $(head -c 200 "$work/body")"
}
refusal "a control without a token" 401 "Bearer" /api/v1/control -X POST -d '{}'
refusal "a control with a bad token" 403 "not the scenario's" /api/v1/control -X POST -d '{}' -H 'Authorization: Bearer wrong-token-99'
refusal "an unknown page" 404 "no such page" /nope
refusal "a method the plane does not serve" 405 "only GET and POST" / -X DELETE
refusal "a body over 4 KiB" 413 "over 4096 bytes" /api/v1/control -X POST -H "Authorization: Bearer $token" --data-binary @<(head -c 100000 /dev/zero | tr '\0' x)
refusal "a header block over 4 KiB" 431 "over 4096" / -H "X-Big: $(head -c 5000 /dev/zero | tr '\0' y)"
refusal "a POST without a length" 411 "Content-Length" /api/v1/control -X POST -H 'Transfer-Encoding: chunked' -d '{}'
# raw TEXT: sends TEXT as it is; the response in $work/body
raw() {
	exec 3<>"/dev/tcp/127.0.0.1/$port"
	printf '%b' "$1" >&3
	timeout 30 cat <&3 | tr -d '\r' > "$work/body"
	exec 3<&-
}
raw 'GET / HTTP/2.0\r\n\r\n'
check "another HTTP version: 400, saying why" grep -q "^Bad Request: only HTTP/1.0 and HTTP/1.1" "$work/body"
raw 'GET  /metrics HTTP/1.1\r\n\r\n'
check "a malformed request line: 400, saying why" grep -q "^Bad Request: the request line is malformed" "$work/body"
raw 'GET /metrics HTTP/1.1\r\nNo colon here\r\n\r\n'
check "a malformed header field: 400, saying why" grep -q "^Bad Request: a header field name is malformed" "$work/body"
# A slow client: half a request line, then nothing.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /metrics HT' >&3
slow=$(timeout 60 head -n 1 <&3 | tr -d '\r')
exec 3<&-
check "a slow client: 408 once it waited too long" [ "$slow" = "HTTP/1.1 408 Request Timeout" ]
[ "$slow" = "HTTP/1.1 408 Request Timeout" ] || echo "#   got '$slow'"
check "the plane still serves after the refusals" [ "$(get /api/v1/state)" = 200 ]
cp "$work/body" "$work/state2.json"

wait "$run"
status=$?
check "run status 0 with the plane read" [ "$status" -eq 0 ]
console=out/test/net/console.log
check "the plane found the e1000" has '^ballast: net: e1000 at 0x[0-9a-f]+, MAC 52:54:00:12:34:56; serving on 10.0.2.15:80'
for g in a b c d; do
	check "guest $g verifies its heap" has "^\[$g\] heap verified: [0-9]+ pages, 0 mismatches$"
done
final=out/test/net/trace.csv
check "the served trace is a prefix of the run's, byte for byte" \
	cmp -s -n "$(stat -c %s "$work/served.csv")" "$work/served.csv" "$final"
check "the served trace had rows" [ "$(wc -l < "$work/served.csv")" -gt 20 ]
check "the state and the metrics are rows of the trace" \
	python3 tests/integration/net/net-check.py "$final" "$work/state1.json" "$work/state2.json" "$work/metrics.txt"

cp "$final" "$work/read.csv"
boot net-off tests/integration/balloon/balloon.scn
check "plane off: run status 0" [ "$boot_status" -eq 0 ]
check "the trace with the plane read is the trace with it off, byte for byte" \
	cmp -s "$work/read.csv" out/test/net-off/trace.csv

off=out/test/net/plane-off
check "a build without the plane links, with net_off.c and no e1000" eval \
	'make -s -j2 PLANE=off BUILD=$off $off/ballast.elf >$work/plane-off.log 2>&1 &&
	 nm $off/ballast.elf | grep -q " plane_start$" && ! nm $off/ballast.elf | grep -q e1000'
