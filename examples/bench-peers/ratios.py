#!/usr/bin/env python3
"""Summarises alternate.sh's output: per workload and timing, ours / peer per round (medians and
minima of the repetitions) and over all rounds, and before / peer where a "before" build ran too.
Usage: ratios.py RUNS.log"""
import json
import statistics
import sys
from collections import defaultdict

runs = defaultdict(lambda: defaultdict(dict))  # workload -> round -> side -> line
loads = []
for text in open(sys.argv[1]):
    parts = text.split(" ", 3)
    if len(parts) < 4 or not parts[3].startswith("{"):
        continue
    line = json.loads(parts[3])
    loads.append(float(parts[2]))
    runs[line["workload"]][parts[0]][parts[1]] = line
print("load average (1 min) at the runs' starts: %.1f .. %.1f, median %.1f" % (min(loads), max(loads), statistics.median(loads)))
for w, rounds in runs.items():
    first = next(iter(rounds.values()))
    keys = [k for k in first.get("ours", first.get("before", {})) if k.startswith("ms_") and not k.endswith(("_min", "_max"))]
    for k in keys:
        for side in ("before", "ours"):
            ours, peer, rmed, rmin = [], [], [], []
            for r in sorted(rounds):
                sides = rounds[r]
                if side in sides and "peer" in sides and k in sides[side] and k in sides["peer"]:
                    ours.append(sides[side][k])
                    peer.append(sides["peer"][k])
                    rmed.append(sides[side][k] / sides["peer"][k])
                    rmin.append(sides[side][k + "_min"] / sides["peer"][k + "_min"])
            if ours:
                print("%-13s %-20s %-6s %8.1f ms  peer %8.1f ms  ratio of medians %s -> %.2f; of minima %s -> %.2f" % (
                    w, k, side, statistics.median(ours), statistics.median(peer), " ".join("%.2f" % x for x in rmed),
                    statistics.median(rmed), " ".join("%.2f" % x for x in rmin), statistics.median(rmin)))
