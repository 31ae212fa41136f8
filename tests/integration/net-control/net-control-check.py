#!/usr/bin/env python3
"""net-control-check.py TRACE CONSOLE SQUEEZE LIMIT: each control the
console says was applied at a tick moved the trace at that tick
(tests/integration/net-control/check.sh). SQUEEZE is the pages squeezed
and released, LIMIT a's new limit in pages."""
import csv, re, sys

trace_path, console_path = sys.argv[1:3]
squeeze, limit = int(sys.argv[3]), int(sys.argv[4])
rows, ticks = {}, []
with open(trace_path) as f:
    for r in csv.DictReader(f):
        t = int(r["t_ms"])
        rows[(t, r["guest"])] = {k: (v if k in ("guest", "state") else int(v))
                                 for k, v in r.items()}
        if not ticks or ticks[-1] != t:
            ticks.append(t)
applied = {}
for line in open(console_path):
    m = re.match(r"ballast: control: (\w+)(?: (\w+))?(?: (\d+))? applied at t=(\d+)ms$", line)
    if m:
        applied[m.group(1)] = int(m.group(4))
bad = []


def row(t, g="a"):
    return rows[(t, g)]


def before(t):
    return ticks[ticks.index(t) - 1]


def need(cond, what):
    if not cond:
        bad.append(what)


def own_hv(t):
    """The hypervisor's pages that no guest's share holds: a squeeze or a
    release moves these, while the guests' (victim sets, page tables)
    may move in the same tick."""
    return row(t)["hv_pages"] - sum(row(t, g)["guest_hv_pages"] for g in ("a", "b"))


def granted_change(p, t, sign):
    """Pages the guests gained (sign 1) or gave up (-1) in the tick: a
    tick's swap-outs and balloons free pages, its faults take them."""
    return sum(sign * (row(t, g)["granted_pages"] - row(p, g)["granted_pages"])
               for g in ("a", "b"))


for k in ("pause", "resume", "squeeze", "shares", "limit", "reservation", "release"):
    need(k in applied, f"no '{k} applied' line")
if bad:
    print("\n".join(bad))
    sys.exit(1)

# A paused guest holds its pages still while the other goes on.
t1, t2 = applied["pause"], applied["resume"]
need(row(t1, "b")["granted_pages"] == row(t2, "b")["granted_pages"],
     f"b's pages moved while paused: {row(t1, 'b')['granted_pages']} at {t1}, {row(t2, 'b')['granted_pages']} at {t2}")
need(row(t2)["granted_pages"] > row(t1)["granted_pages"], "a did not go on while b was paused")
need(t2 - t1 >= 1000, f"the pause lasted {t2 - t1} ms only")
# A squeeze: the hypervisor's own pages rise by it, the free pages fall by it
# (less what the guests gave up in the same tick), the state leaves high.
t = applied["squeeze"]
p = before(t)
need(own_hv(t) - own_hv(p) >= squeeze,
     f"squeeze at {t}: the hypervisor's own pages {own_hv(p)} -> {own_hv(t)}")
need(row(p)["free_pages"] - row(t)["free_pages"] + granted_change(p, t, -1) >= squeeze - 64,
     f"squeeze at {t}: free_pages {row(p)['free_pages']} -> {row(t)['free_pages']}")
need(row(t)["state"] != "high", f"squeeze at {t}: still high")
# Shares: a's entitlement gains on b's at that tick.
t = applied["shares"]
p = before(t)
gap = lambda u: row(u)["alloc_pages"] - row(u, "b")["alloc_pages"]
need(gap(t) > gap(p), f"shares at {t}: a-b entitlement {gap(p)} -> {gap(t)}")
# A limit caps the entitlement at once.
t = applied["limit"]
need(row(before(t))["alloc_pages"] > limit >= row(t)["alloc_pages"],
     f"limit {limit} at {t}: a's alloc {row(before(t))['alloc_pages']} -> {row(t)['alloc_pages']}")
# A reservation floors it (up to what the guest holds).
t = applied["reservation"]
b = row(t, "b")
need(b["alloc_pages"] >= min(3072, b["granted_pages"]),
     f"reservation at {t}: b's alloc {b['alloc_pages']}, granted {b['granted_pages']}")
# A release gives the pages back to the free pool.
t = applied["release"]
p = before(t)
need(own_hv(p) - own_hv(t) >= squeeze,
     f"release at {t}: the hypervisor's own pages {own_hv(p)} -> {own_hv(t)}")
need(row(t)["free_pages"] - row(p)["free_pages"] + granted_change(p, t, 1) >= squeeze - 64,
     f"release at {t}: free_pages {row(p)['free_pages']} -> {row(t)['free_pages']}")
for b_ in bad:
    print(b_)
sys.exit(1 if bad else 0)
