# Reads a Ballast trace (CSV, docs/design.md section 9) and prints one
# "name=value" line per fact the emulator tests check, overall and per
# guest (name_GUEST=value). Columns by name.
BEGIN { FS = ","; max_lag = 0; bad_rows = 0; deflated = 0 }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	t = $col["t_ms"]; g = $col["guest"]; st = $col["state"]
	free = $col["free_pages"]; total = $col["total_pages"]
	granted = $col["granted_pages"]; target = $col["balloon_target_pages"]
	balloon = $col["balloon_pages"]; hv = $col["hv_pages"]

	# the accounting invariant, per tick: free + hypervisor + granted = total
	if (t != cur_t) { check_tick(); cur_t = t; sum = 0; tick_free = free; tick_hv = hv; tick_total = total }
	sum += granted

	# the sequence of states, without repeats
	if (st != last_state) { states = states (states ? " " : "") st; last_state = st }

	# ticks from a target to the balloon reaching it (or the target
	# falling to what the balloon holds): each guest's unmet targets wait
	# in a list, oldest first; an ended guest's are dropped
	tick[g]++
	if (granted == 0) { head[g] = tail[g] }
	while (head[g] < tail[g] && (want[g, head[g]] <= balloon || target <= balloon)) {
		d = tick[g] - since[g, head[g]]
		if (d > max_lag) max_lag = d
		head[g]++
	}
	if (granted > 0 && balloon < target) { want[g, tail[g]] = target; since[g, tail[g]] = tick[g]; tail[g]++ }

	# a balloon that shrinks while its guest still runs: it deflated
	if (granted > 0 && balloon < prev_balloon[g]) deflating[g] = 1
	if (granted > 0 && deflating[g] && balloon == 0 && prev_balloon[g] > 0) deflated++
	if (balloon > peak[g]) peak[g] = balloon
	swapped = $col["swapped_pages"]
	if (swapped > peak_swapped[g]) peak_swapped[g] = swapped
	if ($col["swap_out"] > swap_out[g]) swap_out[g] = $col["swap_out"]
	if ($col["swap_in"] > swap_in[g]) swap_in[g] = $col["swap_in"]
	if ($col["blocked"] == 1) blocked_rows[g]++
	if ($col["io_wait"] == 1) io_wait_rows[g]++
	if ($col["disk_busy_pct"] > peak_busy) peak_busy = $col["disk_busy_pct"]
	busy_sum += $col["disk_busy_pct"]
	cpu_ms[g] = $col["cpu_ms"]; steal_ms[g] = $col["steal_ms"]
	page_writes[g] = $col["guest_page_writes"]; collections[g] = $col["guest_collections"]
	if (st == "hard" || st == "low") in_hard[g] = 1
	if (target > peak_target[g]) peak_target[g] = target
	prev_balloon[g] = balloon
	rows++
}
function check_tick() {
	if (cur_t == "") return
	if (tick_free + tick_hv + sum != tick_total) bad_rows++
}
END {
	check_tick()
	print "rows=" rows
	print "states=" states
	for (g in tail) if (head[g] < tail[g]) unmet++
	print "max_lag=" max_lag
	print "unmet_at_end=" unmet + 0
	print "bad_ticks=" bad_rows
	print "deflated_to_zero=" deflated
	# a peak target may stand for a tick before it falls: ask for 3/4 of it
	n = 0; for (g in peak) if (peak[g] > 0 && 4 * peak[g] >= 3 * peak_target[g]) n++
	print "balloons_near_peak_target=" n
	print "peak_disk_busy_pct=" peak_busy + 0
	print "mean_disk_busy_pct=" (rows ? int(busy_sum / rows) : 0)
	for (g in peak) {
		print "peak_balloon_" g "=" peak[g] + 0
		print "peak_swapped_" g "=" peak_swapped[g] + 0
		print "swap_out_" g "=" swap_out[g] + 0
		print "swap_in_" g "=" swap_in[g] + 0
		print "blocked_rows_" g "=" blocked_rows[g] + 0
		print "io_wait_rows_" g "=" io_wait_rows[g] + 0
		print "cpu_ms_" g "=" cpu_ms[g] + 0
		print "steal_ms_" g "=" steal_ms[g] + 0
		print "page_writes_" g "=" page_writes[g] + 0
		print "collections_" g "=" collections[g] + 0
	}
}
