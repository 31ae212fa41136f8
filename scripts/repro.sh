# Sourced by the image builders (make-iso.sh, make-esp.sh), so that the same
# inputs give the same image byte for byte wherever and whenever they are
# built: every date in an image is SOURCE_DATE_EPOCH (the Makefile exports
# the last commit's time; outside git a fixed date), and no checkout path
# enters an image.
repro_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${SOURCE_DATE_EPOCH:=$(git -C "$repro_top" log -1 --format=%ct 2>/dev/null || echo 946684800)}"
export SOURCE_DATE_EPOCH

# scenario_name PATH: the name a scenario goes by inside an image (parse
# errors print it): its path relative to the checkout when it is inside it,
# else PATH as given.
scenario_name() {
	local abs
	abs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	case $abs in
	"$repro_top"/*) echo "${abs#"$repro_top"/}" ;;
	*) echo "$1" ;;
	esac
}
