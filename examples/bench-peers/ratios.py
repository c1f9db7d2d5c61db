#!/usr/bin/env python3
"""Summarises alternate.sh's output: per workload and timing, ours / peer per round (medians and
minima of the repetitions) and over all rounds. Usage: ratios.py RUNS.log"""
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
    keys = [k for k in next(iter(rounds.values()))["ours"] if k.startswith("ms_") and not k.endswith(("_min", "_max"))]
    for k in keys:
        ours, peer, rmed, rmin = [], [], [], []
        for r in sorted(rounds):
            sides = rounds[r]
            if "ours" in sides and "peer" in sides and k in sides["peer"]:
                ours.append(sides["ours"][k])
                peer.append(sides["peer"][k])
                rmed.append(sides["ours"][k] / sides["peer"][k])
                rmin.append(sides["ours"][k + "_min"] / sides["peer"][k + "_min"])
        if ours:
            print("%-13s %-16s ours %8.1f ms  peer %8.1f ms  ratio of medians %s -> %.2f; of minima %s -> %.2f" % (
                w, k, statistics.median(ours), statistics.median(peer), " ".join("%.2f" % x for x in rmed),
                statistics.median(rmed), " ".join("%.2f" % x for x in rmin), statistics.median(rmin)))
