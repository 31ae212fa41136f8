#!/usr/bin/env bash
# make-iso.sh OUT.iso HV.elf GUEST.bin SCENARIO.scn
# Builds a small GRUB rescue ISO: only the modules Multiboot2 needs, no
# fonts, locales or themes, which makes it boot faster in Bochs.
# Reproducible (scripts/repro.sh): every date in it, the files', the
# volume's and the UUID GRUB finds it by, is SOURCE_DATE_EPOCH.
set -eu
out=$1 hv=$2 guest=$3 scn=$4
. "$(dirname "$0")/repro.sh"
name=$(scenario_name "$scn")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$hv" "$dir/boot/ballast.elf"
cp "$guest" "$dir/boot/guest-stub.bin"
cp "$scn" "$dir/boot/scenario.scn"
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "Ballast" {
	multiboot2 /boot/ballast.elf
	module2 /boot/guest-stub.bin guest-stub.bin
	module2 /boot/scenario.scn $name
	boot
}
CFG
find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$(dirname "$out")"
grub-mkrescue -d /usr/lib/grub/i386-pc --install-modules="multiboot2 normal serial terminal" \
	--fonts= --locales= --themes= -o "$out" "$dir" \
	-- -volume_date all_file_dates "=$SOURCE_DATE_EPOCH" -volume_date c "=$SOURCE_DATE_EPOCH" \
	-volume_date m "=$SOURCE_DATE_EPOCH" -volume_date uuid "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S00)" >/dev/null 2>&1 || {
	echo "make-iso.sh: grub-mkrescue failed; run it by hand to see why:" >&2
	echo "  grub-mkrescue -d /usr/lib/grub/i386-pc -o $out $dir" >&2
	exit 1
}
