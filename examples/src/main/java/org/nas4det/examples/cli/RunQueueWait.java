package org.nas4det.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How long the calling thread has waited, ready to run, for a processor that other threads held:
 * the second field of Linux's {@code /proc/thread-self/schedstat}. On a machine with few cores
 * it shows how much a thread's own work was slowed by the threads beside it (a JIT compiler, a
 * log writer), which its CPU time does not.
 *
 * <pre>{@code long w0 = RunQueueWait.nanos(); work(); double waited = (RunQueueWait.nanos() - w0) / 1e9;}</pre>
 */
final class RunQueueWait {

    private static final Path SELF = Paths.get("/proc/thread-self/schedstat");

    private RunQueueWait() {}

    /** @return the calling thread's run-queue wait so far in nanoseconds, or -1 where it is not known */
    static long nanos() {
        return nanos(SELF);
    }

    /** @param schedstat a file laid out as Linux's schedstat (a test gives its own) */
    static long nanos(Path schedstat) {
        try {
            String[] fields = Files.readString(schedstat).trim().split(" ");
            return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1; // not Linux, or a kernel without scheduler statistics
        }
    }
}
