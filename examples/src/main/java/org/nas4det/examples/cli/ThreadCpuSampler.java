package org.nas4det.examples.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU seconds of every thread of this process over a stretch of time, grouped by thread name (digits
 * dropped, so {@code GC Thread#0} and {@code GC Thread#1} add up), read from Linux's {@code
 * /proc/self/task}. It covers what the JVM's thread bean does not see (garbage collector and JIT
 * compiler threads) and threads that end before the stretch does (a log writer, a drawer): it
 * reads every 100 ms and keeps each thread's last reading. A thread is known by its id and its
 * start time, so a new thread that gets an ended one's id is counted on its own. Elsewhere than on
 * Linux it reports nothing.
 *
 * <pre>{@code ThreadCpuSampler s = ThreadCpuSampler.start(); ... JsonObject byThread = s.stop();}</pre>
 */
final class ThreadCpuSampler {

    private static final Path SELF = Paths.get("/proc/self/task");
    private static final double TICKS_PER_S = 100; // USER_HZ on Linux

    private final Path tasks;
    private final Map<String, Long> startTicks;
    private final Map<String, Long> lastTicks = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    /** @param tasks a folder laid out as Linux's {@code /proc/self/task} (a test gives its own) */
    ThreadCpuSampler(Path tasks) {
        this.tasks = tasks;
        startTicks = read(null);
        reader = new Thread(this::loop, "thread-cpu-sampler");
        reader.setDaemon(true);
        reader.start();
    }

    static ThreadCpuSampler start() {
        return new ThreadCpuSampler(SELF);
    }

    /**
     * Stops reading.
     *
     * @return CPU seconds per thread name over the stretch, largest first
     */
    JsonObject stop() {
        running = false;
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lastTicks) {
            lastTicks.putAll(read(names));
        }
        Map<String, Double> byName = new TreeMap<>();
        lastTicks.forEach((tid, ticks) -> {
            double s = (ticks - startTicks.getOrDefault(tid, 0L)) / TICKS_PER_S;
            byName.merge(names.get(tid).replaceAll("[0-9]+", "#").replaceAll("#+", "#"), s, Double::sum);
        });
        JsonObject o = new JsonObject();
        byName.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> o.addProperty(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
        return o;
    }

    private void loop() {
        while (running) {
            Map<String, Long> now = read(names);
            synchronized (lastTicks) {
                lastTicks.putAll(now);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Ticks of user and system time per thread (keyed by id and start time: ids are reused); the
     * names go to {@code names} when given.
     */
    private Map<String, Long> read(Map<String, String> names) {
        Map<String, Long> ticks = new HashMap<>();
        if (!Files.isDirectory(tasks)) {
            return ticks;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            list.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    // pid (comm) state ... utime stime are fields 14 and 15, starttime field 22;
                    // comm may hold spaces.
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    String key = t.getFileName() + "@" + f[19];
                    ticks.put(key, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    if (names != null) { // the latest: a new thread renames itself after it starts
                        names.put(key, stat.substring(stat.indexOf('(') + 1, close));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the reading
                }
            });
        } catch (IOException e) {
            // no per-thread figures
        }
        return ticks;
    }
}
