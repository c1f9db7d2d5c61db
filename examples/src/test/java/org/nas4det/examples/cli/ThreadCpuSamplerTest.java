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
