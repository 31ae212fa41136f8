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

# scenario_kernels SCENARIO: each file a guest line names with kernel= or
# initrd=, once, in the order of the file (comments left out).
scenario_kernels() {
	sed 's/#.*//' "$1" | grep -oE '(^|[[:space:]])(kernel|initrd)=[^[:space:]]+' |
		sed -E 's/.*(kernel|initrd)=//' | awk '!seen[$0]++'
}

# kernel_file SCENARIO NAME: where NAME is, in KERNEL_PATH (default: the
# scenario's folder, build/, /boot). A name with more than a file name's
# characters, or one found nowhere, is left out with a warning: the
# hypervisor then refuses the scenario with its line or the missing module.
kernel_file() {
	local d
	[[ $2 =~ ^[A-Za-z0-9._+-]+$ ]] || { echo "warning: kernel=$2 in $1 is not a file name: left out" >&2; return 1; }
	IFS=: read -ra dirs <<<"${KERNEL_PATH:-$(dirname "$1"):$repro_top/build:/boot}"
	for d in "${dirs[@]}"; do
		[ -f "$d/$2" ] && { echo "$d/$2"; return 0; }
	done
	echo "warning: kernel $2 (named in $1) is in none of ${dirs[*]}: left out (install its package, scripts/deps.sh, or set KERNEL_PATH)" >&2
	return 1
}

# kernel_modules SCENARIO DIR: copies the scenario's kernels into DIR and
# prints a GRUB module2 line for each, named as the scenario names it.
kernel_modules() {
	local k f
	for k in $(scenario_kernels "$1"); do
		f=$(kernel_file "$1" "$k") || continue
		mkdir -p "$2"
		cp "$f" "$2/$k"
		printf '\tmodule2 /boot/kernels/%s %s\n' "$k" "$k"
	done
}

# grub_iso OUT.iso DIR MODULES: a BIOS GRUB rescue ISO of DIR (its files
# dated SOURCE_DATE_EPOCH) with only MODULES, no fonts, locales or themes;
# every date in it, and the UUID GRUB finds it by, is SOURCE_DATE_EPOCH.
grub_iso() {
	local out=$1 dir=$2 modules=$3
	find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	mkdir -p "$(dirname "$out")"
	grub-mkrescue -d /usr/lib/grub/i386-pc --install-modules="$modules" \
		--fonts= --locales= --themes= -o "$out" "$dir" \
		-- -volume_date all_file_dates "=$SOURCE_DATE_EPOCH" -volume_date c "=$SOURCE_DATE_EPOCH" \
		-volume_date m "=$SOURCE_DATE_EPOCH" -volume_date uuid "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S00)" >/dev/null 2>&1 || {
		echo "$(basename "$0"): grub-mkrescue failed; run it by hand to see why:" >&2
		echo "  grub-mkrescue -d /usr/lib/grub/i386-pc -o $out $dir" >&2
		exit 1
	}
}
