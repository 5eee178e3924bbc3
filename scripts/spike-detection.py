#!/usr/bin/env python3
"""Reads the traffic-spike runs of scripts/bench-spike-detection.sh and prints, per run and per signal, how soon
the autoscaled variant reacted: the scale-up decision, the first new replica serving and the return within the
SLO (seconds from the spike's start), the error budget ratio and the scale-downs in the 60 s after the spike;
then each signal's medians and the ratio of the signal's median to the reference's.

Usage: spike-detection.py RUN_FOLDER...   (each holds one run's results.json, named <signal>-<n>)."""
import json
import pathlib
import statistics
import sys


def figures(folder: pathlib.Path):
    results = sorted(folder.glob("*/results.json"))
    if not results:
        return None
    spike = json.loads(results[-1].read_text())["spike"][0]
    autoscaled = next(v for v in spike["variants"] if v["autoscaling"])
    start = spike["spikeStartSecond"]
    ups = [s for s in autoscaled["scaling"] if s["to"] > s["from"] and s["requestedSecond"] >= start]
    within = autoscaled["backWithinSlo"]
    return {
        "decision": ups[0]["requestedSecond"] - start if ups else None,
        "first": autoscaled.get("secondsToFirstNewReplica"),
        "slo": within["mttrSeconds"] if within.get("impacted") else 0.0,
        "budget": spike["budgetRatio"],
        "flaps": autoscaled["scaleDownsAfterSpike"],
        "held": spike["hypothesisHeld"],
    }


def cell(value, unit=" s", digits=1):
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def main(folders):
    rows = {}
    print("| run | signal | decision | first new replica | within the SLO | budget ratio | scale-downs after | hypothesis |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for folder in map(pathlib.Path, folders):
        signal, _, run = folder.name.rpartition("-")
        f = figures(folder)
        if f is None:
            print(f"| {run} | {signal} | no results.json (see its log) | | | | | |")
            continue
        rows.setdefault(signal, []).append(f)
        print(f"| {run} | {signal} | {cell(f['decision'])} | {cell(f['first'])} | {cell(f['slo'])} | "
              f"{f['budget']:.3f} | {f['flaps']} | {'held' if f['held'] else 'not held'} |")
    if not rows:
        sys.exit("no run finished")
    print()
    print("| signal | runs | median decision | median first new replica | median within the SLO | median budget ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    medians = {}
    for signal, runs in rows.items():
        def median(key):
            values = [r[key] for r in runs if r[key] is not None]
            return statistics.median(values) if values else None
        medians[signal] = {k: median(k) for k in ("decision", "first", "slo", "budget")}
        m = medians[signal]
        print(f"| {signal} | {len(runs)} | {cell(m['decision'])} | {cell(m['first'])} | {cell(m['slo'])} | "
              f"{cell(m['budget'], '', 3)} |")
    if {"reference", "signal"} <= medians.keys():
        ref, new = medians["reference"], medians["signal"]
        def ratio(key):
            return f"{new[key] / ref[key]:.2f}x" if new[key] is not None and ref[key] else "—"
        print()
        print(f"signal / reference (medians): decision {ratio('decision')}, first new replica {ratio('first')}, "
              f"within the SLO {ratio('slo')}, budget ratio {ratio('budget')}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    missing = [f for f in sys.argv[1:] if not pathlib.Path(f).is_dir()]
    if missing:
        print(f"spike-detection.py: no such run folder: {', '.join(missing)}", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1:])
