#!/usr/bin/env python3
"""net-check.py TRACE STATE1 STATE2 METRICS: the management plane's pages
against the run's trace (tests/integration/net/check.sh). Each state is
JSON whose every figure is the trace's row of that tick, the second later
than the first; the metrics are in the Prometheus text format (every
sample after its # HELP and # TYPE) and are the trace's figures of their
tick, in bytes where the name says so."""
import csv, json, re, sys

trace_path, s1, s2, metrics_path = sys.argv[1:5]
rows = {}
with open(trace_path) as f:
    for r in csv.DictReader(f):
        rows[(int(r["t_ms"]), r["guest"])] = r
MACHINE = ("t_ms", "state", "free_pages", "total_pages", "hv_pages")
bad = []


def check_state(path):
    st = json.load(open(path))
    t = st["t_ms"]
    for g in st["guests"]:
        row = rows.get((t, g["guest"]))
        if row is None:
            bad.append(f"{path}: no trace row for {g['guest']} at {t}")
            continue
        for k, v in list(g.items()) + [(k, st[k]) for k in MACHINE]:
            if str(v) != row[k]:
                bad.append(f"{path}: {g['guest']} at {t}: {k} {v} != {row[k]}")
    return t, len(st["guests"])


t1, n1 = check_state(s1)
t2, n2 = check_state(s2)
if not t2 > t1 or n1 != 4:
    bad.append(f"states at {t1} ({n1} guests) then {t2}")

helped, typed, samples = set(), set(), {}
for line in open(metrics_path):
    line = line.rstrip("\n")
    if m := re.match(r"# HELP (\w+) .+", line):
        helped.add(m[1])
    elif m := re.match(r"# TYPE (\w+) (gauge|counter)$", line):
        typed.add(m[1])
    elif m := re.match(r'(\w+)(\{(\w+)="([\w.-]+)"\})? (\d+(\.\d+)?)$', line):
        if m[1] not in helped or m[1] not in typed:
            bad.append(f"metrics: {m[1]} before its HELP or TYPE")
        samples[(m[1], m[4])] = m[5]
    else:
        bad.append(f"metrics: malformed line {line!r}")
t = round(float(samples[("ballast_run_time_seconds", None)]) * 1000)
for (name, col, scale) in (("ballast_guest_granted_bytes", "granted_pages", 4096),
                           ("ballast_guest_balloon_target_bytes", "balloon_target_pages", 4096),
                           ("ballast_guest_ballooned_bytes", "balloon_pages", 4096),
                           ("ballast_guest_swapped_bytes", "swapped_pages", 4096),
                           ("ballast_swap_in_pages_total", "swap_in", 1),
                           ("ballast_guest_page_reads_total", "guest_major_faults", 1)):
    for g in "abcd":
        want = int(rows[(t, g)][col]) * scale
        if int(samples.get((name, g), -1)) != want:
            bad.append(f"metrics: {name}{{guest={g}}} {samples.get((name, g))} != {want}")
state = rows[(t, "a")]["state"]
if samples.get(("ballast_mem_state", state)) != "1":
    bad.append(f"metrics: ballast_mem_state{{state={state}}} is not 1")
for line in bad:
    print("#   " + line)
sys.exit(1 if bad else 0)
