#!/usr/bin/env bash
# docs.sh [--check] [FILE...]: every line and number that README.md and docs/ quote
# from a run, made afresh from runs of this build (make docs). It runs the
# scenarios the docs quote (in Bochs and in the simulator, into out/docs/),
# then rewrites each block that stands between a line
#     <!-- docs.sh: NAME -->
# and the next line
#     <!-- end -->
# with what block_NAME below prints. With --check it changes no file and
# fails, naming each block whose checked-in text differs from the runs:
# tests/integration/docs/check.sh runs it so, and a quoted number that changes
# fails the tests until `make docs` is run again. FILEs: the docs to
# render (default README.md and docs/*.md); DOCS_REUSE=1 renders them from
# the runs a previous call left in out/docs/, without running again;
# DOCS_OUT: where the runs go instead of out/docs (make test's own folder).
set -u
export LC_ALL=C
cd "$(dirname "$0")/.."
mode=write
[ "${1:-}" != --check ] || { mode=--check; shift; }
out=${DOCS_OUT:-out/docs}
docs=("$@")
[ ${#docs[@]} -gt 0 ] || docs=(README.md docs/*.md)

# --- the runs --------------------------------------------------------------

# bochs SCENARIO: boots it as make run does, into out/docs/bochs/NAME/
bochs() {
	BOCHS_QUIET=1 make -s run OUT=$out SCENARIO="$1" >/dev/null 2>&1 || {
		echo "docs.sh: make run SCENARIO=$1 failed (see $out/bochs/$(basename "$1" .scn)/console.log)" >&2
		exit 1
	}
}
# sim SCENARIO: as make sim does, into out/docs/sim/NAME/
sim() {
	make -s sim OUT=$out SCENARIO="$1" >/dev/null 2>&1 || {
		echo "docs.sh: make sim SCENARIO=$1 failed" >&2
		exit 1
	}
}
# sim_stub SCENARIO: with the guest stub's model, into out/docs/sim/NAME/
sim_stub() {
	make -s sim OUT=$out SIM_MODEL=stub SCENARIO="$1" >/dev/null 2>&1 || {
		echo "docs.sh: make sim SIM_MODEL=stub SCENARIO=$1 failed" >&2
		exit 1
	}
}
# variant NAME SED-EXPR FILE: the scenario the docs make with sed
variant() {
	mkdir -p $out/scenarios
	sed "$2" "$3" > "$out/scenarios/$1.scn"
	echo "$out/scenarios/$1.scn"
}

run_all() {
	bochs scenarios/default.scn
	bochs scenarios/case-study-contention-small.scn
	bochs tests/bench/reclaim.scn
	bochs tests/bench/mmio.scn
	bochs tests/integration/balloon/balloon.scn
	bochs "$(variant balloon-off 's/workload=contention/balloon=off workload=contention/' tests/integration/balloon/balloon.scn)"
	bochs tests/integration/idle-tax/idle-tax.scn
	bochs "$(variant idle-notax 's/tax=75%/tax=0%/' tests/integration/idle-tax/idle-tax.scn)"
	sim scenarios/case-study-baseline.scn
	sim scenarios/case-study-contention.scn
	sim "$(variant cs-minfree 's/model=esx soft=6% hard=4% low=2%/model=minfree/' scenarios/case-study-contention.scn)"
	bochs scenarios/case-study-baseline-small.scn
	sim_stub scenarios/case-study-baseline-small.scn
	sim_stub scenarios/case-study-contention-small.scn
}

# --- reading a run -----------------------------------------------------------

con() { echo "$out/bochs/$1/console.log"; }
# states NAME: "high 842, soft 39, hard 0, low 0; 2 changes" of a Bochs run
states() { sed -n 's/^memory states: [0-9]* ticks: //p' "$(con "$1")"; }
# swap NAME out|in: pages swapped out or in over a Bochs run
swap() { sed -n "s/^swap: .*\\b$2 \\([0-9]*\\),.*/\\1/p" "$(con "$1")" | head -n 1; }
# ran NAME: the cycles from the first guest instruction to the run's end
ran() { sed -n 's/^cycles: .* guests ran \([0-9]*\),.*/\1/p' "$(con "$1")"; }
# peak_balloon NAME GUEST: a guest's peak balloon from the summary
peak_balloon() {
	awk -v g="$2" '$1 == "guest" && $3 == g ":" { on = 1; next }
		/^guest |^machine:/ { on = 0 }
		on && /balloon: peak target/ { sub(/.*peak balloon /, ""); sub(/ pages.*/, ""); print; exit }' "$(con "$1")"
}
# kv FILE PREFIX KEY: KEY's value on the line of a simulator summary.txt
# that starts with PREFIX
kv() { awk -v p="$2" -v k="$3" 'index($0, p) == 1 { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit } }' "$1"; }
simsum() { echo "$out/sim/$1/summary.txt"; }
# grouped N: N with thousands separators
grouped() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
indent() { sed 's/^/    /'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- the blocks ----------------------------------------------------------------

# README: what make run shows, from the default scenario
block_readme_run() {
	awk '
		/^\[/ && !started { started = 1; print; print "    ..."; next }
		!started { print; next }
		/^t=1000ms / { print; print "    ..."; next }
		/pattern verified/ && !verified { verified = 1; grab = 4 }
		grab > 0 { print; grab--; if (!grab) print "    ..."; next }
		/^--- summary ---$/ { summary = 1; print; next }
		summary == 1 && /^guest 2 / { summary = 2; print "    ..."; next }
		summary == 1 { print; next }
		/^machine:/ { tail = 1 }
		tail { print }' "$(con default)" | sed 's/^    \.\.\.$/.../' | indent
}

# README: the scaled case study's state changes and balloons
block_readme_contention() {
	local c
	c=$(con case-study-contention-small)
	{
		awk '
			/^t=[0-9]+ms [a-z]+, free/ && !changed { last = $0; next }
			/^t=[0-9]+ms state / && !changed { changed = 1; print last; print; shown = 2; next }
			changed && shown < 6 && /^t=[0-9]+ms / { print; shown++; next }
			changed && shown == 6 { print "..."; shown++ }' "$c"
		awk '/^guest 1 / { on = 1; print; next } on && /^guest 2 / { exit } on && /balloon/ { print }' "$c"
		echo "..."
		grep '^memory states:' "$c"
	} | indent
}

# README: the reclaim figures of a run that balloons and swaps
block_readme_swap() {
	local c
	c=$(con reclaim)
	# The README compares the two costs: a run that no longer swaps is an
	# error here, not a block that quietly says less.
	grep -q '^swap cost: ' "$c" || {
		echo "docs.sh: tests/bench/reclaim.scn no longer swaps (see $c): the README's comparison needs it to" >&2
		return 1
	}
	{
		grep -m 1 '^swap: ' "$c"
		grep -m 1 '^swap cost: ' "$c"
		grep -m 1 '^  balloon cost: ' "$c"
	} | indent
}

# README, Benchmarks: the virtio-balloon path over MMIO
block_readme_mmio() {
	local c
	c=$(con mmio)
	{
		grep -m 1 '^  balloon: ' "$c"
		grep -m 1 '^  mmio: ' "$c"
	} | indent
}

# experiments.md 2: ballooning against swapping
block_exp_balloon() {
	local on off
	on=$(ran balloon) off=$(ran balloon-off)
	echo "| run | memory states (ticks) | swap-outs | swap-ins | guests ran (cycles) |"
	echo "| --- | --- | --- | --- | --- |"
	echo "| balloon on | $(states balloon) | $(grouped "$(swap balloon out)") | $(grouped "$(swap balloon in)") | $(grouped "$on") |"
	echo "| balloon off | $(states balloon-off) | $(grouped "$(swap balloon-off out)") | $(grouped "$(swap balloon-off in)") | $(grouped "$off") ($(ratio "$off" "$on")x) |"
}

# experiments.md 3: the idle memory tax
block_exp_idle_tax() {
	echo "| tax | busy: peak balloon | lazy: peak balloon |"
	echo "| --- | --- | --- |"
	echo "| 75 % | $(grouped "$(peak_balloon idle-tax busy)") pages | $(grouped "$(peak_balloon idle-tax lazy)") pages |"
	echo "| 0 % | $(grouped "$(peak_balloon idle-notax busy)") pages | $(grouped "$(peak_balloon idle-notax lazy)") pages |"
}

# sim_row LABEL NAME: one full-scale run's times in each state
sim_row() {
	local s machine total min
	s=$(simsum "$2")
	total=$(kv "$s" machine total_pages) min=$(kv "$s" machine min_free_pages)
	printf '| %s | %s | %s s | %s s | %s s | %s s | %s %% |\n' "$1" \
		"$(grouped "$(printf '%.0f' "$(sed -n 's/^simulated_s //p' "$s")")")" \
		"$(kv "$s" states high_s)" "$(kv "$s" states soft_s)" \
		"$(kv "$s" states hard_s)" "$(kv "$s" states low_s)" \
		"$(awk -v a="$min" -v b="$total" 'BEGIN { printf "%.2f", 100 * a / b }')"
}

# experiments.md 4: two threshold models at full scale
block_exp_models() {
	echo "| model | run (simulated s) | high | soft | hard | low | least free |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	sim_row "esx 6/4/2 %" case-study-contention
	sim_row "minfree" cs-minfree
}

# peak_target NAME: the largest guest's peak balloon target, MiB and share
peak_target() {
	local s
	s=$(simsum "$1")
	awk '$1 == "guest" {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		if (v["peak_balloon_target_pages"] >= best) { best = v["peak_balloon_target_pages"]; mem = v["memory_pages"] }
	} END { printf "%d MiB of %d (%d %%)", best / 256, mem / 256, mem ? 100 * best / mem : 0 }' "$s"
}
longest_run() { awk '$1 == "guest" { for (i = 3; i <= NF; i++) if ($i ~ /^runtime_s=/) { sub(/runtime_s=/, "", $i); if ($i + 0 > m) m = $i + 0 } } END { print m }' "$(simsum "$1")"; }
sim_states() {
	local s
	s=$(simsum "$1")
	printf 'high %s s, soft %s s, hard %s s, low %s s' "$(kv "$s" states high_s)" \
		"$(kv "$s" states soft_s)" "$(kv "$s" states hard_s)" "$(kv "$s" states low_s)"
}

# simulator.md: what the full-scale case-study scenarios show
block_sim_case_study() {
	local b c
	b=$(longest_run case-study-baseline) c=$(longest_run case-study-contention)
	echo "| | baseline (1 guest) | contention (4 guests) |"
	echo "| --- | --- | --- |"
	echo "| time in each state | $(sim_states case-study-baseline) | $(sim_states case-study-contention) |"
	echo "| peak balloon target | $(peak_target case-study-baseline) | $(peak_target case-study-contention) |"
	echo "| longest guest run | $b s | $c s: $(ratio "$c" "$b")x the baseline |"
}

# fact TRACE KEY: one of scripts/experiment/facts.awk's numbers of a trace
fact() { awk -f scripts/experiment/facts.awk "$1" | sed -n "s/^$2=//p"; }
# facts_range TRACE KEY: KEY over the trace's guests, as MIN-MAX (or one)
facts_range() {
	awk -f scripts/experiment/facts.awk "$1" | sed -n "s/^$2_[^=]*=//p" | sort -n |
		awk 'NR == 1 { lo = $1 } { hi = $1 } END { print (lo == hi ? lo : lo "-" hi) }'
}
# visited TRACE: the states a trace visits, in the policy's order, with
# the seconds in low
visited() {
	local s out=
	for s in high soft hard low; do
		[ "$(fact "$1" state_${s}_s)" = 0.0 ] || out="$out${out:+, }$s"
	done
	echo "$out ($(fact "$1" state_low_s) s in low)"
}
# peaks TRACE: each guest's peak balloon target, in the guests' order
peaks() {
	local g out=
	for g in $(fact "$1" guests); do
		out="$out${out:+, }$(fact "$1" peak_target_$g)"
	done
	echo "$out"
}
# simulator.md: the scaled pair in Bochs and with the stub's model
block_sim_agreement() {
	local eb=$out/bochs/case-study-baseline-small/trace.csv ec=$out/bochs/case-study-contention-small/trace.csv
	local sb=$out/sim/case-study-baseline-small/trace.csv sc=$out/sim/case-study-contention-small/trace.csv
	local row b c
	echo "| \`scenarios/case-study-*-small.scn\` | Bochs | \`ballast-sim -m stub\` |"
	echo "| --- | --- | --- |"
	printf '| baseline run time | %s s | %s s |\n' "$(fact $eb run_s_ws1)" "$(fact $sb run_s_ws1)"
	printf '| contention states | %s | %s |\n' "$(visited $ec)" "$(visited $sc)"
	printf '| peak targets | %s pages | %s pages |\n' "$(peaks $ec)" "$(peaks $sc)"
	for row in "run_s:ws1 run time, contention / baseline" "net_s:ws1 run time less steal"; do
		printf '| %s |' "${row#*:}"
		for pair in "$eb $ec" "$sb $sc"; do
			set -- $pair
			b=$(fact "$1" ${row%%:*}_ws1) c=$(fact "$2" ${row%%:*}_ws1)
			printf ' %s / %s s = %s |' "$c" "$b" "$(ratio "$c" "$b")"
		done
		echo
	done
	printf '| collections per guest | %s; %s | %s; %s |\n' "$(facts_range $eb collections)" \
		"$(facts_range $ec collections)" "$(facts_range $sb collections)" "$(facts_range $sc collections)"
	printf '| hypervisor swap-outs per guest | %s | %s |\n' "$(facts_range $ec swap_out)" "$(facts_range $sc swap_out)"
	printf '| page reads per guest, baseline; contention | %s; %s | %s; %s |\n' "$(facts_range $eb page_reads)" \
		"$(facts_range $ec page_reads)" "$(facts_range $sb page_reads)" "$(facts_range $sc page_reads)"
}

# simulator.md: the shape of summary.txt, its first lines from a real run
block_sim_summary() {
	head -n 8 "$(simsum case-study-contention)" | cut -c 1-140 | indent
}

# --- rewriting the docs ------------------------------------------------------

# render FILE: FILE with each block made afresh, on stdout
render() {
	local line name
	while IFS= read -r line; do
		printf '%s\n' "$line"
		[[ $line =~ ^\<!--\ docs.sh:\ ([a-z-]+)\ --\>$ ]] || continue
		name=${BASH_REMATCH[1]}
		declare -F "block_${name//-/_}" >/dev/null || { echo "docs.sh: $1: no block named $name" >&2; return 1; }
		"block_${name//-/_}" || return 1
		while IFS= read -r line && [ "$line" != '<!-- end -->' ]; do :; done
		printf '%s\n' '<!-- end -->'
	done < "$1"
}

# DOCS_REUSE=1: the runs of the last make docs, still in out/docs/
[ "${DOCS_REUSE:-0}" = 1 ] || run_all
stale=0
for f in "${docs[@]}"; do
	grep -q '^<!-- docs.sh: ' "$f" || continue
	new=$(mktemp)
	render "$f" > "$new" || { rm -f "$new"; exit 1; }
	if ! cmp -s "$f" "$new"; then
		if [ "$mode" = --check ]; then
			echo "docs.sh: $f quotes runs that no longer come out (make docs rewrites it):" >&2
			diff -u "$f" "$new" | sed -n 's/^[-+][^-+]/  &/p' | head -n 20 >&2
			stale=1
		else
			cp "$new" "$f"
			echo "docs.sh: $f rewritten"
		fi
	fi
	rm -f "$new"
done
exit $stale
