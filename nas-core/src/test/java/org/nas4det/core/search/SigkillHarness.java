package org.nas4det.core.search;

import org.nas4det.core.random.SeededRandom;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import com.google.gson.JsonObject;
import org.nas4det.core.io.RunDirectory;

/**
 * Runs a search main in its own JVM, kills it with SIGKILL once its log has reached a given
 * number of lines, or lets it run to the end: the harness of every kill-and-resume test.
 */
public final class SigkillHarness {

    private SigkillHarness() {}

    /** The system property that replays a kill point: {@code mvn test -Dnas4det.killSeed=S}. */
    public static final String KILL_SEED = "nas4det.killSeed";

    /**
     * Draws a kill point from a seed that is printed, so a failure can be replayed: the seed is
     * {@code -Dnas4det.killSeed} when set, else the clock's.
     *
     * @param test the test's name, for the printed line
     * @param bound kill points are 1..bound
     * @return the kill point
     */
    public static int killPoint(String test, int bound) {
        long seed = Long.getLong(KILL_SEED, System.nanoTime());
        int point = 1 + new SeededRandom(seed).nextInt(bound);
        System.err.println(test + ": kill point " + point + " from seed " + seed + " (replay with -D" + KILL_SEED + "=" + seed + ")");
        return point;
    }

    /**
     * Starts the main and kills it after {@code killAfter} log lines.
     *
     * @param main the class with the main method
     * @param args its arguments
     * @param log the search log to watch
     * @param killAfter lines to wait for
     * @return the number of complete lines when it died
     * @throws Exception on failure to start
     */
    public static int killAfter(Class<?> main, List<String> args, Path log, int killAfter) throws Exception {
        return killAfter(main, List.of(), args, log, killAfter);
    }

    /**
     * Starts the main with extra JVM options and kills it after {@code killAfter} log lines.
     *
     * @param main the class with the main method
     * @param jvmOptions options before the class name (Spark's {@code --add-opens} on Java 17)
     * @param args its arguments
     * @param log the search log to watch
     * @param killAfter lines to wait for
     * @return the number of complete lines when it died
     * @throws Exception on failure to start
     */
    public static int killAfter(Class<?> main, List<String> jvmOptions, List<String> args, Path log, int killAfter)
            throws Exception {
        Process p = start(main, jvmOptions, args,
                log.getParent().resolveSibling(log.getParent().getFileName() + "-killed.out"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(log) < killAfter && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(p.isAlive()).as("the search ended before the kill point %s", killAfter).isTrue();
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, TimeUnit.SECONDS);
        return lines(log);
    }

    /**
     * Runs the main to the end and asserts it succeeded.
     *
     * @param main the class with the main method
     * @param args its arguments
     * @param output where its stdout and stderr go
     * @throws Exception on failure to start
     */
    public static void runToEnd(Class<?> main, List<String> args, Path output) throws Exception {
        Process p = start(main, List.of(), args, output);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(output)).isZero();
    }

    /**
     * Counts the complete lines of a file.
     *
     * @param log the file
     * @return newline count, 0 when absent
     * @throws Exception on read failure
     */
    public static int lines(Path log) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        int n = 0;
        for (byte x : Files.readAllBytes(log)) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static Process start(Class<?> main, List<String> jvmOptions, List<String> args, Path output)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(output.toFile());
        return pb.start();
    }

    /**
     * Asserts two search logs hold the same candidates (wall times aside), indices 0..n-1 in order.
     *
     * @param a one run directory
     * @param b another
     * @throws Exception on read failure
     */
    public static void assertSameLog(Path a, Path b) throws Exception {
        List<String> la = withoutSeconds(Files.readAllLines(a.resolve(RunDirectory.LOG)));
        List<String> lb = withoutSeconds(Files.readAllLines(b.resolve(RunDirectory.LOG)));
        assertThat(la).isEqualTo(lb);
        List<Integer> indices = new ArrayList<>();
        for (JsonObject o : new SearchLog(a.resolve(RunDirectory.LOG)).readAll()) {
            indices.add(o.get("index").getAsInt());
        }
        for (int i = 0; i < indices.size(); i++) {
            assertThat(indices.get(i)).isEqualTo(i);
        }
    }

    /**
     * Replaces wall times in log or best.json lines, which differ between runs.
     *
     * @param lines the lines
     * @return the lines without times
     */
    public static List<String> withoutSeconds(List<String> lines) {
        return lines.stream()
                .map(l -> l.replaceAll("\"seconds\": ?[0-9.E-]+", "\"seconds\":X"))
                .collect(Collectors.toList());
    }
}
