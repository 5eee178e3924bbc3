#!/usr/bin/env python3
"""Table and SVG chart of scripts/bench-monitoring-scale.sh results (also redraws them from a saved CSV).

One row per size and topology: single = the one Prometheus; sharded = the shards summed (series,
samples, CPU, memory), their worst latency, and the global view on its own line. Ratios per 1,000
targets are printed too: they hold when the shared machine's load changes, absolute latencies do not.

Usage: scripts/monitoring-scale-report.py results.csv [chart.svg]
"""
import csv, math, sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1])))
chart = sys.argv[2] if len(sys.argv) > 2 else None
f = lambda v: float(v) if v not in ("", "NaN") else math.nan
groups = defaultdict(list)
for r in rows:
    groups[(r["topology"], int(r["targets"]))].append(r)

def fmt(v, d=0):
    return "–" if v != v else (f"{v:,.{d}f}")

print("\n| targets | topology | Prometheus | head series | samples/s | CPU (cores) | RSS (MB) | scrape p99 (ms) | scrape interval p99 (s) | rules per cycle (ms) | slowest group (ms) / interval | missed | AppDown (s, bound 14) | sum(job:…rate1m) | simulator CPU | load 1m |")
print("|---" * 16 + "|")
agg = {}
for (topology, n), rs in sorted(groups.items(), key=lambda k: (k[0][1], k[0][0])):
    scrapers = [r for r in rs if r["prometheus"] != "global"]
    glob = [r for r in rs if r["prometheus"] == "global"]
    s = lambda c: sum(f(r[c]) for r in scrapers)
    mx = lambda c: max(f(r[c]) for r in scrapers)
    appdown = next((f(r["appdown_s"]) for r in rs if r["appdown_s"] not in ("", "NaN")), math.nan)
    rps = next((f(r["global_job_rps"]) for r in rs if r["global_job_rps"] not in ("", "NaN")), math.nan)
    sim = next((f(r["simulator_cpu_cores"]) for r in rs if r["simulator_cpu_cores"] not in ("", "NaN")), math.nan)
    name = "one" if topology == "single" else f"{len(scrapers)} shards (sum)"
    note = " ".join(sorted({r["note"] for r in rs if r["note"]}))
    agg[(topology, n)] = dict(series=s("head_series"), cpu=s("cpu_cores"), rss=s("rss_mb"), samples=s("samples_per_s"))
    print(f"| {n:,} | {topology} | {name}{' ' + note if note else ''} | {fmt(s('head_series'))} | {fmt(s('samples_per_s'))} | {fmt(s('cpu_cores'), 2)} | {fmt(s('rss_mb'))} | {fmt(mx('scrape_p99_ms'), 1)} | {fmt(mx('interval_p99_s'), 2)} | {fmt(mx('rule_eval_ms'), 1)} | {fmt(mx('slowest_group_ms'), 1)} / {scrapers[0]['slowest_group_interval_s']} s | {fmt(s('missed_iterations'))} | {fmt(appdown, 1)} | {fmt(rps, 1)} | {fmt(sim, 2)} | {rs[0]['load_start']}–{rs[0]['load_end']} |")
    for g in glob:
        print(f"| {n:,} | sharded | global view | {fmt(f(g['head_series']))} | {fmt(f(g['samples_per_s']))} | {fmt(f(g['cpu_cores']), 2)} | {fmt(f(g['rss_mb']))} | {fmt(f(g['scrape_p99_ms']), 1)} | {fmt(f(g['interval_p99_s']), 2)} | {fmt(f(g['rule_eval_ms']), 1)} | {fmt(f(g['slowest_group_ms']), 1)} / {g['slowest_group_interval_s']} s | {fmt(f(g['missed_iterations']))} | – | {fmt(rps, 1)} | – | |")

print("\nPer 1,000 targets (scrapers summed):")
for (topology, n), a in sorted(agg.items(), key=lambda k: (k[0][1], k[0][0])):
    k = n / 1000
    print(f"  {n:>5} {topology:<8} series {a['series'] / k:>9,.0f}  samples/s {a['samples'] / k:>8,.0f}  CPU {a['cpu'] / k:.3f} cores  RSS {a['rss'] / k:>6,.0f} MB")

if chart:
    # Prometheus CPU and RSS (scrapers summed) against targets, one line per topology.
    W, H, L, B, R = 720, 380, 60, 40, 60
    tops = sorted({t for t, _ in agg})
    sizes = sorted({n for _, n in agg})
    xmax = max(sizes)
    cmax = max(a["cpu"] for a in agg.values() if a["cpu"] == a["cpu"]) * 1.15 or 1
    rmax = max(a["rss"] for a in agg.values() if a["rss"] == a["rss"]) * 1.15 or 1
    px = lambda x: L + (W - L - R) * x / xmax
    py = lambda y, top: H - B - (H - B - 30) * y / top
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="16" text-anchor="middle" font-size="13">Prometheus CPU (solid, left) and RSS (dashed, right) against scraped targets</text>',
           f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
           f'<line x1="{L}" y1="{H - B}" x2="{L}" y2="30" stroke="black"/>',
           f'<line x1="{W - R}" y1="{H - B}" x2="{W - R}" y2="30" stroke="black"/>']
    for n in sizes:
        svg.append(f'<text x="{px(n)}" y="{H - B + 14}" text-anchor="middle">{n:,}</text>')
    for i in range(5):
        c, m = cmax * i / 4, rmax * i / 4
        svg.append(f'<text x="{L - 4}" y="{py(c, cmax) + 4}" text-anchor="end">{c:.2f}</text>')
        svg.append(f'<text x="{W - R + 4}" y="{py(m, rmax) + 4}">{m:,.0f} MB</text>')
    colours = {"single": "#1f77b4", "sharded": "#d62728"}
    for j, t in enumerate(tops):
        pts = [(n, agg[(t, n)]) for n in sizes if (t, n) in agg]
        cpu = " ".join(f"{px(n)},{py(a['cpu'], cmax)}" for n, a in pts if a["cpu"] == a["cpu"])
        rss = " ".join(f"{px(n)},{py(a['rss'], rmax)}" for n, a in pts if a["rss"] == a["rss"])
        colour = colours.get(t, "#2ca02c")
        svg.append(f'<polyline points="{cpu}" fill="none" stroke="{colour}" stroke-width="2"/>')
        svg.append(f'<polyline points="{rss}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="5,4"/>')
        svg.append(f'<text x="{L + 10}" y="{44 + 14 * j}" fill="{colour}">{t}{" (shards summed)" if t == "sharded" else ""}</text>')
    svg.append(f'<text x="{W / 2}" y="{H - 6}" text-anchor="middle">targets (simulated API replicas)</text>')
    svg.append("</svg>")
    open(chart, "w").write("\n".join(svg) + "\n")
    print(f"chart: {chart}")
