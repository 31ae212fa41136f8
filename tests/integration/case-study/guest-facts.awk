# Reads a Ballast trace (CSV, docs/design.md section 9) and prints, per
# guest, the facts the case study's claims are checked on, as
# name_GUEST=value lines, and the run's, as name=value:
#   run_ms, net_ms             when it ended (its last row with memory),
#                              and that less its steal time (trace-facts.awk
#                              has steal_ms and collections)
#   page_reads                 its running total at its end
#   peak_target                its peak balloon target, pages
#   ws_before                  its peak working set before its balloon
#                              first inflated
#   ws_ballooned               its least working set while its balloon held
#                              at least half its peak
#   reads_rate_before, reads_rate_ballooned
#                              page reads per emulated second, before the
#                              balloon inflated and while it held half its
#                              peak (0 when that time was too short)
#   wait_rows                  rows it was blocked or in io_wait
#   disk_busy_peak, disk_busy_rows90   the shared disk: peak busy percent,
#                              ticks at 90 % or more
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	t = $col["t_ms"]; g = $col["guest"]
	granted = $col["granted_pages"]; bal = $col["balloon_pages"]
	ws = $col["guest_ws_pages"]; reads = $col["guest_major_faults"]
	seen[g] = 1
	if ($col["disk_busy_pct"] > busy_peak) busy_peak = $col["disk_busy_pct"]
	if (t != last_t) { if ($col["disk_busy_pct"] >= 90) busy90++; last_t = t }
	if (granted == 0 && started[g]) next
	started[g] = 1
	end_t[g] = t; steal[g] = $col["steal_ms"]
	total_reads[g] = reads
	if ($col["balloon_target_pages"] > peak_target[g]) peak_target[g] = $col["balloon_target_pages"]
	if ($col["blocked"] == 1 || $col["io_wait"] == 1) waits[g]++
	if (bal > peak_bal[g]) peak_bal[g] = bal
	if (bal > 0) inflated[g] = 1
	if (!inflated[g]) {
		if (ws > ws_before[g]) ws_before[g] = ws
		before_ms[g] = t; before_reads[g] = reads
	}
	# rows kept for the second pass, which needs each guest's peak balloon
	n++; rt[n] = t; rg[n] = g; rb[n] = bal; rws[n] = ws; rr[n] = reads
}
END {
	for (i = 1; i <= n; i++) {
		g = rg[i]
		if (peak_bal[g] == 0 || 2 * rb[i] < peak_bal[g]) continue
		if (!(g in ws_ball) || rws[i] < ws_ball[g]) ws_ball[g] = rws[i]
		if (!(g in b_t0)) { b_t0[g] = rt[i]; b_r0[g] = rr[i] }
		b_t1[g] = rt[i]; b_r1[g] = rr[i]
	}
	for (g in seen) {
		print "run_ms_" g "=" end_t[g] + 0
		print "net_ms_" g "=" end_t[g] - steal[g]
		print "page_reads_" g "=" total_reads[g] + 0
		print "peak_target_" g "=" peak_target[g] + 0
		print "ws_before_" g "=" ws_before[g] + 0
		print "ws_ballooned_" g "=" ws_ball[g] + 0
		print "reads_rate_before_" g "=" (before_ms[g] >= 1000 ? int(1000 * before_reads[g] / before_ms[g]) : 0)
		d = b_t1[g] - b_t0[g]
		print "reads_rate_ballooned_" g "=" (d >= 1000 ? int(1000 * (b_r1[g] - b_r0[g]) / d) : 0)
		print "wait_rows_" g "=" waits[g] + 0
	}
	print "disk_busy_peak=" busy_peak + 0
	print "disk_busy_rows90=" busy90 + 0
}
