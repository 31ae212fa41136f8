# bins.awk -v dir=DIR -v bin=SECONDS -v unit=PAGES_PER_UNIT -v tunit=SECONDS
# Cuts a trace into time bins of `bin` seconds and writes, per guest,
# DIR/GUEST.dat with one line per bin: time (in tunit seconds, the bin's
# end), granted, balloon target, available, working set (all in units of
# `unit` pages), page reads per second over the bin, collections so far,
# time waited so far (tunit: neither on the CPU nor runnable), state
# (0 high .. 3 low, at the bin's last tick). DIR/guests lists the guests.
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	t = $col["t_ms"] / 1000; g = $col["guest"]
	if (!(g in seen)) { seen[g] = 1; print g > (dir "/guests") }
	if ($col["granted_pages"] == 0 && started[g]) next
	started[g] = 1
	b = int(t / bin)
	if (g in cur_b && b != cur_b[g]) emit(g)
	cur_b[g] = b; last_t[g] = t
	s = $col["state"]
	st[g] = s == "high" ? 0 : s == "soft" ? 1 : s == "hard" ? 2 : 3
	gr[g] = $col["granted_pages"]; tg[g] = $col["balloon_target_pages"]
	av[g] = $col["guest_avail_pages"]; ws[g] = $col["guest_ws_pages"]
	rd[g] = $col["guest_major_faults"]; co[g] = $col["guest_collections"]
	wt[g] = t - ($col["cpu_ms"] + $col["steal_ms"]) / 1000
}
function emit(g,   dt, rate) {
	dt = last_t[g] - (g in prev_t ? prev_t[g] : 0)
	rate = dt > 0 ? (rd[g] - prev_rd[g]) / dt : 0
	printf "%.3f %.4f %.4f %.4f %.4f %.2f %d %.4f %d\n", last_t[g] / tunit,
		gr[g] / unit, tg[g] / unit, av[g] / unit, ws[g] / unit, rate,
		co[g], wt[g] / tunit, st[g] > (dir "/" g ".dat")
	prev_t[g] = last_t[g]; prev_rd[g] = rd[g]
}
END { for (g in cur_b) emit(g) }
