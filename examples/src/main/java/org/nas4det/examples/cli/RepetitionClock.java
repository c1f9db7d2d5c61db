package org.nas4det.examples.cli;

import com.google.gson.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The thread CPU time of a bench's timed repetitions, beside their wall time. With one intra-op
 * thread libtorch runs every kernel, forward and backward, on the calling thread, so its CPU time
 * is the work of a repetition without the time spent waiting for a core: on a shared machine it
 * varies far less than the wall time and compares better with another process measured the same
 * way (the PyTorch peers report {@code time.thread_time()}).
 *
 * <pre>{@code RepetitionClock c = new RepetitionClock(warmup, iters); c.start(); ... c.lap(i); c.put(o, "ms_x");}</pre>
 */
final class RepetitionClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int warmup;
    private final int iters;
    private final double[] cpuMs;
    private long cpu0;

    /**
     * @param warmup untimed repetitions first
     * @param iters timed repetitions
     */
    RepetitionClock(int warmup, int iters) {
        this.warmup = warmup;
        this.iters = iters;
        this.cpuMs = new double[iters];
    }

    /** Starts a repetition. */
    void start() {
        cpu0 = THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Ends repetition {@code i} (recorded if timed) and starts the next.
     *
     * @param i the repetition, untimed ones included
     */
    void lap(int i) {
        long now = THREADS.getCurrentThreadCpuTime();
        if (i >= warmup) {
            cpuMs[i - warmup] = (now - cpu0) / 1e6;
        }
        cpu0 = now;
    }

    /**
     * Adds {@code NAME_cpu} (median), {@code NAME_cpu_min} and {@code NAME_cpu_max}.
     *
     * @param o the JSON line
     * @param name the wall-time field's name
     */
    void put(JsonObject o, String name) {
        BenchCommand.timings(o, name + "_cpu", cpuMs, iters, warmup);
    }
}
