package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ThreadCpuSamplerTest {

    @Test
    void threadsThatEndBeforeTheStretchAreCountedUnderTheirNamesOnce() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        ThreadCpuSampler sampler = ThreadCpuSampler.start();
        // One after the other, so the second may get the first one's id. Each stays 250 ms after its
        // work: the sampler reads every 100 ms, and a thread it never sees is not counted.
        for (String name : new String[] {"burner-1", "burner-2"}) {
            Thread t = new Thread(() -> {
                burn50Ms();
                java.util.concurrent.locks.LockSupport.parkNanos(250_000_000L);
            }, name);
            t.start();
            t.join();
        }
        JsonObject byName = sampler.stop();
        // Digits are dropped from names: both burners add up under one name, at least 2 x 50 ms.
        assertThat(byName.has("burner-#")).as(byName.toString()).isTrue();
        assertThat(byName.get("burner-#").getAsDouble()).as(byName.toString()).isGreaterThanOrEqualTo(0.08);
        byName.entrySet().forEach(e -> assertThat(e.getValue().getAsDouble()).as(e.getKey()).isPositive());
    }

    @Test
    void aThreadIdReusedByANewThreadIsCountedAsTwoThreads(@org.junit.jupiter.api.io.TempDir Path tasks) throws Exception {
        // A fake /proc/self/task: thread 100 ends and a new thread gets its id (Linux rarely
        // reuses an id at once, so a real thread cannot show it).
        Path stat = Files.createDirectories(tasks.resolve("100")).resolve("stat");
        Files.writeString(stat, stat("burner-a", 30, 10, 5000));
        ThreadCpuSampler sampler = new ThreadCpuSampler(tasks);
        Files.writeString(stat, stat("burner-a", 70, 20, 5000)); // 50 ticks more
        Thread.sleep(250); // the sampler reads every 100 ms
        Files.writeString(stat, stat("other-b", 4, 2, 5100)); // a new thread, 6 ticks so far
        Thread.sleep(250);
        JsonObject byName = sampler.stop();
        assertThat(byName.get("burner-a").getAsDouble()).as(byName.toString()).isEqualTo(0.5);
        assertThat(byName.get("other-b").getAsDouble()).as(byName.toString()).isEqualTo(0.06);
    }

    /** A line of /proc/PID/task/TID/stat: utime and stime are fields 14 and 15, starttime field 22. */
    private static String stat(String name, long utime, long stime, long start) {
        return "100 (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime + " 0 0 20 0 1 0 " + start + " 0 0\n";
    }

    /** Spins until this thread has used 50 ms of CPU time (not wall time). */
    private static void burn50Ms() {
        var threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 50_000_000L;
        double x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                x += Math.sqrt(i + x);
            }
        }
        if (x == 42) {
            System.out.println(x); // keeps the loop
        }
    }
}
