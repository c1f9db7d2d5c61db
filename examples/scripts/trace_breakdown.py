#!/usr/bin/env python3
"""Breaks down a libtorch profiler trace (bench with -Dnas.bench.trace=FILE) by kind of op.

Usage: trace_breakdown.py TRACE.json [WALL_MS] [--steps-only]

--steps-only leaves out parameter initialisation: every run of 20 or more consecutive top-level
initialiser ops (normal, uniform, ones, zeros, ...) with the time it spans, so that a bench's
traced run (which builds and initialises its model before the steps) shows the steps alone.

Top-level ops only (an op inside another op on the same thread counts for its parent), grouped
into convolution, batch norm, element-wise, reductions, memory (allocation, copies, views) and
other; the part of the wall time outside every op is Java / JNI overhead and waiting.
"""
import json
import sys
from collections import defaultdict

GROUPS = [
    ("convolution", ("conv", "mkldnn_convolution", "_convolution", "addmm", "mm", "linear", "matmul", "bmm")),
    ("batch norm", ("batch_norm", "native_batch_norm", "group_norm", "native_group_norm")),
    ("memory", ("empty", "zeros", "ones", "copy_", "clone", "contiguous", "to", "_to_copy", "cat", "stack",
                "resize_", "fill_", "zero_", "select", "slice", "view", "reshape", "as_strided", "narrow",
                "index", "transpose", "permute", "expand", "split", "chunk", "flatten", "normal_", "detach",
                "set_", "lift_fresh", "alias", "unsqueeze", "squeeze", "t", "item", "_local_scalar_dense")),
    ("reduction", ("sum", "mean", "max", "min", "var", "std", "norm", "amax", "argmax", "topk", "sort",
                   "log_softmax", "softmax", "nll_loss", "cross_entropy", "_log_softmax")),
]


BACKWARD = [
    ("convolution", ("Convolution", "Addmm", "Mm", "Linear")),
    ("batch norm", ("BatchNorm", "GroupNorm")),
    ("memory", ("Slice", "View", "Cat", "Clone", "Reshape", "Unsafe", "Select", "Split", "Permute", "Transpose",
                "Expand", "Copy", "Index", "Stack")),
    ("reduction", ("Mean", "Sum", "LogSoftmax", "Softmax", "NllLoss", "Max", "Min")),
]


def group(name):
    if "evaluate_function:" in name:
        # Backward of one op, run by the autograd engine: counted with its op's kind.
        op = name.split("evaluate_function:", 1)[1].strip()
        for g, prefixes in BACKWARD:
            if op.startswith(prefixes):
                return g + " (backward)"
        return "element-wise/other (backward)"
    n = name.replace("aten::", "")
    base = n.rstrip("_") if n.endswith("_") and n not in ("copy_", "fill_", "zero_", "resize_", "normal_", "set_") else n
    if "backward" in n:
        if "conv" in n:
            return "convolution"
        if "norm" in n:
            return "batch norm"
    for g, names in GROUPS:
        if n in names or base in names:
            return g
        if g == "convolution" and "conv" in n:
            return g
    if n.startswith("autograd::") or n.startswith("torch::autograd") or "Backward" in n:
        return "autograd bookkeeping"
    return "element-wise/other"


INIT_OPS = {"aten::normal", "aten::normal_", "aten::uniform_", "aten::ones", "aten::zeros", "aten::fill_",
            "aten::empty", "aten::full", "aten::randn", "aten::rand", "aten::kaiming_uniform_"}


def without_initialisation(top):
    """Drops runs of >= 20 consecutive initialiser ops; returns the ops kept and the time dropped."""
    top = sorted(top, key=lambda e: e["ts"])
    kept, run, dropped = [], [], 0.0

    def flush():
        nonlocal dropped
        if len(run) >= 20:
            dropped += run[-1]["ts"] + run[-1]["dur"] - run[0]["ts"]
        else:
            kept.extend(run)
        run.clear()

    for e in top:
        if e["name"] in INIT_OPS:
            run.append(e)
        else:
            flush()
            kept.append(e)
    flush()
    return kept, dropped


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    steps_only = "--steps-only" in sys.argv
    events = json.load(open(args[0]))
    if isinstance(events, dict):
        events = events.get("traceEvents", [])
    ops = [e for e in events if e.get("ph") == "X" and "dur" in e]
    by_tid = defaultdict(list)
    for e in ops:
        by_tid[(e.get("pid"), e.get("tid"))].append(e)
    top = []
    for evs in by_tid.values():
        evs.sort(key=lambda e: (e["ts"], -e["dur"]))
        end = -1
        for e in evs:
            if e["ts"] >= end:
                top.append(e)
                end = e["ts"] + e["dur"]
    start = min(e["ts"] for e in ops)
    stop = max(e["ts"] + e["dur"] for e in ops)
    wall = float(args[1]) * 1000 if len(args) > 1 else stop - start
    if steps_only:
        top, dropped = without_initialisation(top)
        wall -= dropped
    per_group = defaultdict(float)
    per_op = defaultdict(lambda: [0.0, 0])
    for e in top:
        per_group[group(e["name"])] += e["dur"]
        per_op[e["name"]][0] += e["dur"]
        per_op[e["name"]][1] += 1
    in_ops = sum(per_group.values())
    print(f"wall {wall / 1000:.1f} ms, in engine ops {in_ops / 1000:.1f} ms, top-level op calls {len(top)}")
    for g, d in sorted(per_group.items(), key=lambda x: -x[1]):
        print(f"  {g:32s} {d / 1000:9.1f} ms  {100 * d / wall:5.1f} %")
    print(f"  {'outside ops (Java/JNI)':32s} {(wall - in_ops) / 1000:9.1f} ms  {100 * (wall - in_ops) / wall:5.1f} %")
    print("top ops:")
    for name, (d, n) in sorted(per_op.items(), key=lambda x: -x[1][0])[:15]:
        print(f"  {name:40s} {d / 1000:9.1f} ms  {n:6d} calls")


if __name__ == "__main__":
    main()
