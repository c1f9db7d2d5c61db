#!/usr/bin/env python3
"""Splits a JFR recording's samples of the bench thread into Java code and native code.

Usage: jfr_breakdown.py RECORDING.jfr

JFR samples running Java threads (jdk.ExecutionSample: Java code, the JIT's and ours) and threads
inside native methods (jdk.NativeMethodSample: libtorch through JNI). The share of each, and the
top frames of each kind, tell Java overhead from engine time.
"""
import re
import subprocess
import sys
from collections import Counter


def samples(path, event):
    out = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", event, path], capture_output=True, text=True).stdout
    tops = Counter()
    ours = Counter()
    for block in out.split(event + " {")[1:]:
        if 'sampledThread = "main"' not in block:
            continue
        frames = re.findall(r"^\s+([\w$.<>]+)\(", block.split("stackTrace = [", 1)[-1], re.M)
        if not frames:
            continue
        tops[frames[0]] += 1
        for f in frames:
            if f.startswith("org.nas4det"):
                ours[f] += 1
                break
    return tops, ours


def main():
    java, java_ours = samples(sys.argv[1], "jdk.ExecutionSample")
    native, native_ours = samples(sys.argv[1], "jdk.NativeMethodSample")
    nj, nn = sum(java.values()), sum(native.values())
    total = max(1, nj + nn)
    print(f"main thread samples: {total}; Java code {100 * nj / total:.1f} %, native (JNI/libtorch) {100 * nn / total:.1f} %")
    print("top Java frames:")
    for f, n in java.most_common(10):
        print(f"  {100 * n / total:5.1f} %  {f}")
    print("top native methods:")
    for f, n in native.most_common(10):
        print(f"  {100 * n / total:5.1f} %  {f}")
    print("our frames calling into native code:")
    for f, n in native_ours.most_common(10):
        print(f"  {100 * n / total:5.1f} %  {f}")
    print("our frames running Java code (first org.nas4det frame of the stack):")
    for f, n in java_ours.most_common(10):
        print(f"  {100 * n / total:5.1f} %  {f}")


if __name__ == "__main__":
    main()
