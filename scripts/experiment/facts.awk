# facts.awk: one run's numbers for the experiment's table, from its trace
# alone (docs/design.md section 9). Prints name=value lines: per guest
# (name_GUEST=value) run_s (its last row holding memory), steal_s, net_s
# (run less steal), waited_s (neither on the CPU nor runnable: I/O and
# memory), peak_target (pages), swap_out (pages the hypervisor swapped),
# page_reads, page_writes, collections; per run state_STATE_s (time in
# each state, from tick to tick), tick_s, busy_pct (the disk's mean busy
# share while any balloon held pages, or over the run when none did),
# guests (names, in order).
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	t = $col["t_ms"] / 1000; g = $col["guest"]
	if (!(g in seen)) { seen[g] = 1; order = order (order ? " " : "") g }
	if (t != cur) {
		if (cur != "") { state_s[cur_state] += t - cur; if (!tick) tick = t - cur }
		flush_tick()
		cur = t; cur_state = $col["state"]; busy = $col["disk_busy_pct"]; any_balloon = 0
	}
	if ($col["balloon_pages"] > 0) any_balloon = 1
	if ($col["balloon_target_pages"] > peak[g]) peak[g] = $col["balloon_target_pages"]
	if ($col["granted_pages"] == 0 && started[g]) next
	started[g] = 1
	end[g] = t; steal[g] = $col["steal_ms"] / 1000; cpu[g] = $col["cpu_ms"] / 1000
	swap_out[g] = $col["swap_out"]; reads[g] = $col["guest_major_faults"]
	writes[g] = $col["guest_page_writes"]; coll[g] = $col["guest_collections"]
}
function flush_tick() {
	if (cur == "") return
	all_sum += busy; all_n++
	if (any_balloon) { ball_sum += busy; ball_n++ }
}
END {
	flush_tick()
	print "guests=" order
	print "tick_s=" tick + 0
	n = split("high soft hard low", st, " ")
	for (i = 1; i <= n; i++) printf "state_%s_s=%.1f\n", st[i], state_s[st[i]] + 0
	printf "busy_pct=%.0f\n", ball_n ? ball_sum / ball_n : (all_n ? all_sum / all_n : 0)
	for (g in seen) {
		printf "run_s_%s=%.1f\n", g, end[g]
		printf "steal_s_%s=%.1f\n", g, steal[g]
		printf "net_s_%s=%.1f\n", g, end[g] - steal[g]
		printf "waited_s_%s=%.1f\n", g, end[g] - steal[g] - cpu[g]
		print "peak_target_" g "=" peak[g] + 0
		print "swap_out_" g "=" swap_out[g] + 0
		print "page_reads_" g "=" reads[g] + 0
		print "page_writes_" g "=" writes[g] + 0
		print "collections_" g "=" coll[g] + 0
	}
}
