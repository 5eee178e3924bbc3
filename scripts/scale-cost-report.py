#!/usr/bin/env python3
"""Table, linear fits and an SVG chart of scripts/bench-scale-cost.sh results.

Usage: scripts/scale-cost-report.py results.csv chart.svg
"""
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cols = list(rows[0].keys())[1:]
n = [float(r["replicas"]) for r in rows]
print("\n| replicas | " + " | ".join(cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for r in rows:
    print("| " + " | ".join(r[c] for c in ["replicas"] + cols) + " |")
print("\nLinear fit y = a + b*N (least squares), and R^2:")
fits = {}
for c in cols:
    y = [float(r[c]) for r in rows]
    if any(v != v for v in y) or len(y) < 2:
        continue
    mx, my = sum(n) / len(n), sum(y) / len(y)
    sxx = sum((x - mx) ** 2 for x in n)
    b = sum((x - mx) * (v - my) for x, v in zip(n, y)) / sxx
    a = my - b * mx
    ss = sum((v - my) ** 2 for v in y)
    r2 = 1 - sum((v - (a + b * x)) ** 2 for x, v in zip(n, y)) / ss if ss else 1.0
    fits[c] = (a, b)
    print(f"  {c:<22} a = {a:12.3f}  b = {b:12.4f} per replica  R^2 = {r2:.3f}")
# Chart: each measure relative to its value at the smallest size, against N (log2 axis).
import math
W, H, L, B = 640, 400, 60, 40
# Resource measures only: latencies (scrape p99, rule evaluation) depend on the CPU the shared machine
# leaves Prometheus, and are read from the table. A dashed line marks "grows like N".
series = ["head_series", "samples_per_s", "prom_cpu_cores", "prom_rss_mb"]
colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
ys = {s: [float(r[s]) / float(rows[0][s]) for r in rows] for s in series if float(rows[0][s]) > 0}
top = max(max(v) for v in ys.values()) * 1.1
xs = [math.log2(x) for x in n]; xmax = max(xs) or 1
px = lambda x: L + (W - L - 20) * x / xmax
py = lambda y: H - B - (H - B - 20) * y / top
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<line x1="{L}" y1="{H-B}" x2="{W-20}" y2="{H-B}" stroke="black"/><line x1="{L}" y1="20" x2="{L}" y2="{H-B}" stroke="black"/>',
       f'<text x="{W/2}" y="{H-8}" text-anchor="middle">API replicas (log2)</text>',
       f'<text x="14" y="{H/2}" transform="rotate(-90 14 {H/2})" text-anchor="middle">relative to {int(n[0])} replica(s)</text>']
for x, v in zip(xs, n):
    svg.append(f'<text x="{px(x)}" y="{H-B+14}" text-anchor="middle">{int(v)}</text>')
for k in range(0, int(top) + 1, max(1, int(top) // 8)):
    svg.append(f'<text x="{L-6}" y="{py(k)+4}" text-anchor="end">{k}x</text>')
for i, (s, v) in enumerate(ys.items()):
    pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, v))
    svg.append(f'<polyline points="{pts}" fill="none" stroke="{colours[i]}" stroke-width="2"/>')
    svg.append(f'<text x="{L+10}" y="{30+14*i}" fill="{colours[i]}">{s}</text>')
svg.append(f'<polyline points="{" ".join(f"{px(x):.1f},{py(v / n[0]):.1f}" for x, v in zip(xs, n) if v / n[0] <= top)}" fill="none" stroke="grey" stroke-dasharray="4 3"/>')
svg.append(f'<text x="{L+10}" y="{30+14*len(ys)}" fill="grey">N (linear growth)</text>')
svg.append("</svg>")
open(sys.argv[2], "w").write("\n".join(svg) + "\n")
print(f"\nchart: {sys.argv[2]}")
