"""Shared helpers of the PyTorch eager peers of `nas bench` (see README.md in this folder)."""
import argparse
import json
import statistics
import time

import torch


def arguments(description):
    """The options every peer takes: the same names and defaults as `nas bench`."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--iters", type=int, default=15, help="timed repetitions (default 15)")
    p.add_argument("--untimed", type=int, default=3, help="untimed repetitions first (default 3)")
    p.add_argument("--threads", type=int, default=1, help="intra-op threads (default 1)")
    p.add_argument("--trace", help="also run each timed work once more under torch's profiler and write a Chrome"
                   " trace to TRACE (one file per work: TRACE, TRACE.2 ...) for examples/scripts/trace_breakdown.py")
    return p


def setup(args):
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)


def detection_train_step(model, opt, targets):
    """A torchvision detector's training step on a fresh random batch of two 320x320 images, as
    `nas bench fcos-step` / `frcnn-step` time it: losses, backward, SGD step, gradients dropped."""
    def step():
        model.train()
        images = list(torch.randn(2, 3, 320, 320))
        losses = model(images, targets)
        total = sum(losses.values())
        total.backward()
        total.item()
        opt.step()
        opt.zero_grad(set_to_none=True)
    return step


_traces = []


def time_ms(work, untimed, iters, trace=None):
    """Runs work() untimed, then iters times timed; returns the wall times and the thread CPU times
    in ms (with one intra-op thread every kernel runs on this thread, backward included). With a
    trace file name, runs it once more under the profiler afterwards (not timed)."""
    for _ in range(untimed):
        work()
    ms, cpu = [], []
    for _ in range(iters):
        t0 = time.perf_counter()
        c0 = time.thread_time()
        work()
        cpu.append((time.thread_time() - c0) * 1000)
        ms.append((time.perf_counter() - t0) * 1000)
    if trace:
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], record_shapes=True) as prof:
            work()
        _traces.append(None)
        prof.export_chrome_trace(trace if len(_traces) == 1 else "%s.%d" % (trace, len(_traces)))
    return ms, cpu


def timings(line, name, times, args):
    """Adds median, min and max of the wall times, and of the CPU times as NAME_cpu..., as `nas
    bench` does."""
    for suffix, ms in zip(("", "_cpu"), times):
        line[name + suffix] = statistics.median(ms)
        line[name + suffix + "_min"] = min(ms)
        line[name + suffix + "_max"] = max(ms)
    line["iters"] = args.iters
    line["warmup"] = args.untimed


def emit(line, args):
    line["threads"] = torch.get_num_threads()
    line["engine"] = "PyTorch " + torch.__version__ + " eager"
    print(json.dumps(line), flush=True)
