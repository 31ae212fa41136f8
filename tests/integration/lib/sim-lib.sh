# Shared by the sim-*/check.sh tests: the simulator, a scratch directory, and the
# "ok - name" / "not ok - name" lines that scripts/run-tests.sh counts.
# Sourced, not run.
SIM=${SIM:-build/ballast-sim}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0

check() { # check NAME CONDITION-EXIT-STATUS
	if [ "$2" -eq 0 ]; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		failures=$((failures + 1))
	fi
}

simulate() { # simulate SCENARIO DIR: runs the simulator quietly
	"$SIM" "$1" -o "$2" >/dev/null
}

# Column number of a trace column, by name.
column() {
	head -1 "$1" | tr ',' '\n' | grep -nx "$2" | cut -d: -f1
}

# The longest run time of the guests in a summary.txt.
runtime() {
	grep '^guest ' "$1" | sed 's/.*runtime_s=\([0-9.]*\).*/\1/' | sort -g | tail -1
}
