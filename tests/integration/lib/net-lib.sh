# What the management plane's Bochs tests share (net/check.sh,
# net-control/check.sh), sourced after lib.sh.
#
# net_boot NAME SCENARIO: boots SCENARIO in the background ($run) with
# the plane on a free host port ($url), a scratch folder $work, and the
# tests' token ($token)
net_boot() {
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	url=http://127.0.0.1:$port
	token=test-token-0123
	work=$(mktemp -d "/tmp/ballast-$1.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	(NET_PORT=$port boot "$1" "$2"; exit "$boot_status") &
	run=$!
}
# get PATH [CURL ARGS...]: the status code, the body in $work/body
get() {
	local path=$1
	shift
	curl -s -m 20 -o "$work/body" -w '%{http_code}' "$@" "$url$path"
}
# net_up: checks that the plane answers with the guests' state (within
# two minutes), leaving it in $work/body
net_up() {
	local up=0
	for _ in $(seq 1 240); do
		[ "$(get /api/v1/state)" = 200 ] && grep -q '"guests":\[{' "$work/body" && { up=1; break; }
		sleep 0.5
	done
	check "the plane answers on the forwarded port while the run goes" [ "$up" -eq 1 ]
}
