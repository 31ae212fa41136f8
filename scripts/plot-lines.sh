# plot_lines DIR COLUMN TITLE-SUFFIX STYLE: gnuplot's plot items, one line
# per guest in $guests, each from DIR/GUEST.dat. Sourced by scripts/plot.sh
# and scripts/experiment/plot.sh, whose per-guest data files share it.
plot_lines() {
	local sep=""
	for g in $guests; do
		printf '%s"%s/%s.dat" using 1:%s with lines %s title "%s%s"' "$sep" "$1" "$g" "$2" "$4" "$g" "$3"
		sep=", "
	done
}
