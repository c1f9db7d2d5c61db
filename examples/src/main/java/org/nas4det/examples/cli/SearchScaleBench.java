package org.nas4det.examples.cli;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.nn.resnet.ResNets;
import org.nas4det.maedet.ClosedFormScore;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetEvolution;
import org.nas4det.maedet.MaeDetSpace;
import picocli.CommandLine;

/**
 * {@code bench search-scale}: the paper-scale MAE-DET search (population 256, 100,000 children,
 * closed-form score, ResNet-50's conv MACs at 480x480, 91 layers) through the CLI path ({@code
 * nas search maedet}: run directory, log, checkpoints, plots, progress bar) against the bare
 * search ({@code bench maedet-search}'s path: no run directory, no listener) in the same sitting:
 * bare, CLI, bare again, so neither gains from running second, each right after a full
 * collection; then CLI and bare once more, both warm. Reports the rates and their ratios, the CLI
 * run's rate over each tenth of its candidates (and the second bare run's, the search's own
 * shape), how long the search thread waited for a core, and its resident memory at start, middle
 * and end. With {@code --processes N} it then also runs each path alone in a fresh JVM, N
 * alternated pairs ({@code --only bare|cli} in the child), as a user runs {@code nas search maedet}
 * and {@code bench maedet-search}: each child pays its own class loading and compiling. Each pair
 * also runs {@code bench maedet-search} itself at its defaults (20,000 children, one cold run), the
 * rate issue 14 set the CLI's goal against.
 */
final class SearchScaleBench {

    private SearchScaleBench() {}

    /** Records when each candidate finished. */
    private static final class Clock implements SearchListener {
        long start;
        long[] done;
        double rssMid = -1;

        @Override
        public void onStart(SearchProblem<?> problem, int total, int already) {
            done = new long[total + 1];
            start = System.nanoTime();
        }

        /**
         * @return the progress reached: candidates, or children drawn where the search counts draws
         *     (its listeners then hear a generation's draws shared out over its candidates, so some
         *     counts are skipped)
         */
        int count() {
            int n = done.length;
            while (n > 0 && done[n - 1] == 0) {
                n--;
            }
            return n;
        }

        /** @return when progress {@code i + 1} was first reached or passed */
        long at(int i) {
            while (done[i] == 0) {
                i++;
            }
            return done[i];
        }

        /** @return the rate over each tenth of the progress, in candidates (or children drawn) per second */
        double[] tenths() {
            int n = count();
            double[] out = new double[10];
            for (int i = 0; i < 10; i++) {
                long from = i == 0 ? start : at((i * n) / 10 - 1);
                long to = at(((i + 1) * n) / 10 - 1);
                out[i] = (((i + 1) * n) / 10 - (i * n) / 10) / ((to - from) / 1e9);
            }
            return out;
        }

        /** @param rates per tenth @return them rounded, as a JSON array */
        static JsonArray rounded(double[] rates) {
            JsonArray out = new JsonArray();
            for (double r : rates) {
                out.add(Math.round(r));
            }
            return out;
        }

        @Override
        public void onCandidate(Candidate<?> candidate, Candidate<?> best, int n, int total) {
            if (n - 1 < done.length) {
                done[n - 1] = System.nanoTime();
            }
            if (n >= total / 2 && rssMid < 0) {
                rssMid = SearchMemoryBench.rssMb();
            }
        }
    }

    /** One timed run: its rate, and the CPU seconds and run-queue wait it cost. */
    private static final class Timed {
        double rate;
        double threadCpu; // of the calling (search) thread
        double processCpu;
        double runQueue; // seconds the search thread waited, ready, for a core; -1: not known
    }

    /** One {@code nas search maedet} run, timed from its options to its return. */
    private static final class CliRun {
        final Clock clock = new Clock();
        Timed timed;
        long t0;
        long t1;
        int n;
        JsonObject byThread;
        long gcCount;
        double gcSeconds;
        double rssStart;
        double rssEnd;
        double heapStart;
        double heapEnd;
    }

    static JsonObject run(int population, int children, int processes) {
        JsonObject o = run(population, children);
        if (processes > 0) {
            separate(o, population, children, processes);
        }
        return o;
    }

    /**
     * Times one path once in this process, right after a full collection: what each child JVM of
     * {@code --processes} runs.
     *
     * @param path bare or cli
     * @param population the population
     * @param children the children
     * @return the line: the path, its rate and the process's CPU seconds meanwhile
     */
    static JsonObject one(String path, int population, int children) {
        long budget = paperBudget();
        JsonObject o = new JsonObject();
        o.addProperty("workload", "search-scale");
        o.addProperty("path", path);
        o.addProperty("population", population);
        o.addProperty("children", children);
        Timed t;
        // No full collection first, as in a user's process: one shrinks the heap to the live set
        // (68 MB here, from the 388 MB a JVM starts with), and the search then pays for young
        // collections in a small heap until it has grown again.
        if (path.equals("cli")) {
            CliRun r = cli(population, children, budget, false);
            t = r.timed;
            o.addProperty("candidates", r.n);
            o.addProperty("candidates_per_s", t.rate);
            o.addProperty("s_before_search", (r.clock.start - r.t0) / 1e9);
            o.addProperty("s_searching", (r.clock.done[r.n - 1] - r.clock.start) / 1e9);
            o.addProperty("s_after_search", (r.t1 - r.clock.done[r.n - 1]) / 1e9);
            // The second yardstick as a user meets it: a fresh JVM's last tenth against its first.
            double[] tenths = r.clock.tenths();
            o.add("tenths_per_s", Clock.rounded(tenths));
            o.addProperty("last_over_first_tenth", tenths[9] / tenths[0]);
            o.addProperty("gc_s", r.gcSeconds);
            o.add("cpu_s_by_thread", r.byThread);
        } else {
            long[] gc0 = gcCountAndMillis();
            ThreadCpuSampler sampler = ThreadCpuSampler.start();
            t = timed(() -> bare(population, children, budget, null));
            o.addProperty("candidates_per_s", t.rate);
            o.addProperty("gc_s", (gcCountAndMillis()[1] - gc0[1]) / 1e3);
            o.add("cpu_s_by_thread", sampler.stop());
        }
        // Where a fresh JVM's time goes: the search thread's CPU, its wait for a core, the process.
        o.addProperty("thread_cpu_s", t.threadCpu);
        o.addProperty("process_cpu_s", t.processCpu);
        if (t.runQueue >= 0) {
            o.addProperty("runq_wait_s", t.runQueue);
        }
        return o;
    }

    /**
     * Runs {@code bench search-scale --only bare} and {@code --only cli} in fresh JVMs, alternated
     * (bare first in even pairs, the CLI first in odd ones), and adds their rates and ratios.
     */
    private static void separate(JsonObject o, int population, int children, int pairs) {
        double[] bare = new double[pairs];
        double[] cli = new double[pairs];
        double[] cliTenths = new double[pairs];
        double[] search = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            JsonObject c;
            if (i % 2 == 0) {
                bare[i] = rate(child("bare", population, children));
                c = child("cli", population, children);
                search[i] = rate(maedetSearchChild());
            } else {
                search[i] = rate(maedetSearchChild());
                c = child("cli", population, children);
                bare[i] = rate(child("bare", population, children));
            }
            cli[i] = rate(c);
            cliTenths[i] = c.get("last_over_first_tenth").getAsDouble();
        }
        o.addProperty("separate_pairs", pairs);
        o.add("separate_bare_candidates_per_s", Clock.rounded(bare));
        o.add("separate_cli_candidates_per_s", Clock.rounded(cli));
        ratios(o, "separate_cli_over_bare", cli, bare);
        // The issue's own yardstick: `bench maedet-search` as a user runs it (one cold run of its
        // 20,000 children), beside the same-workload bare search above.
        o.add("separate_maedet_search_candidates_per_s", Clock.rounded(search));
        ratios(o, "separate_cli_over_maedet_search", cli, search);
        ratios(o, "separate_cli_last_over_first_tenth", cliTenths);
    }

    private static double rate(JsonObject line) {
        return line.get("candidates_per_s").getAsDouble();
    }

    /** @return the median of some values (the mean of the middle two of an even count) */
    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return (v[(v.length - 1) / 2] + v[v.length / 2]) / 2;
    }

    /** Adds each pair's quotient (3 decimals) as {@code name} and their median as {@code name_median}. */
    private static void ratios(JsonObject o, String name, double[] num, double[] den) {
        double[] ratios = new double[num.length];
        for (int i = 0; i < num.length; i++) {
            ratios[i] = num[i] / den[i];
        }
        ratios(o, name, ratios);
    }

    /** Adds ratios (3 decimals) as {@code name} and their median as {@code name_median}. */
    private static void ratios(JsonObject o, String name, double[] ratios) {
        JsonArray r = new JsonArray();
        for (double x : ratios) {
            r.add(Math.round(x * 1000) / 1000.0);
        }
        o.add(name, r);
        o.addProperty(name + "_median", median(ratios));
    }

    /**
     * The options a child JVM gets from this one: a heap or collector chosen for the comparison
     * applies to every path. Left out: agents, debuggers, flight recordings, JMX and log or dump
     * files, which would take a port or write a file that this JVM already holds. (Options given in
     * {@code JAVA_TOOL_OPTIONS} reach the children through the environment, as they reach any JVM.)
     *
     * @param parent this JVM's options ({@code RuntimeMXBean.getInputArguments})
     * @return those a child is started with
     */
    static List<String> childJvmOptions(List<String> parent) {
        List<String> kept = new java.util.ArrayList<>();
        for (String a : parent) {
            boolean tool = a.startsWith("-agentlib:") || a.startsWith("-agentpath:") || a.startsWith("-javaagent:")
                    || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug")
                    || a.startsWith("-XX:StartFlightRecording") || a.startsWith("-XX:FlightRecorderOptions")
                    || a.startsWith("-Dcom.sun.management.") || a.startsWith("-Xlog") || a.startsWith("-XX:HeapDumpPath")
                    || a.startsWith("-XX:ErrorFile") || a.startsWith("-XX:LogFile");
            if (!tool) {
                kept.add(a);
            }
        }
        return kept;
    }

    /**
     * How a child starts: {@code -jar nas.jar} when this process runs from that jar, as a user runs
     * {@code nas} (its manifest's {@code Add-Opens} included); else this class path and the main class.
     */
    private static List<String> launch() {
        String cp = System.getProperty("java.class.path");
        if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(cp)) {
                java.util.jar.Manifest m = jar.getManifest();
                if (m != null && NasLauncher.class.getName().equals(m.getMainAttributes().getValue("Main-Class"))) {
                    return List.of("-jar", cp);
                }
            } catch (IOException e) {
                // not a readable jar: the class path below
            }
        }
        return List.of("-cp", cp, NasLauncher.class.getName());
    }

    /**
     * @return the line a fresh JVM running one path prints; its error line on failure. A child
     *     still running after ten minutes per 100,000 children (at least ten) is stopped.
     */
    private static JsonObject child(String path, int population, int children) {
        return child(path + " path", 600L * Math.max(1, (children + 99_999) / 100_000), "bench", "search-scale", "--only", path,
                "--population", Integer.toString(population), "--children", Integer.toString(children), "--json");
    }

    /** @return the line {@code nas bench maedet-search} prints at its defaults in a fresh JVM */
    private static JsonObject maedetSearchChild() {
        return child("bench maedet-search", 600, "bench", "maedet-search", "--json");
    }

    /**
     * @param path what the child times, for messages
     * @param limitS seconds after which the child is stopped
     * @param args the {@code nas} arguments
     * @return the child's last line, a JSON object with its {@code candidates_per_s}
     */
    private static JsonObject child(String path, long limitS, String... args) {
        String javaCommand = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new java.util.ArrayList<>(List.of(javaCommand));
        cmd.addAll(childJvmOptions(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.addAll(launch());
        cmd.addAll(List.of(args));
        Path out = null;
        Path err = null;
        Process p = null;
        try {
            // Files, not pipes: a child that fills a pipe nobody reads yet would stall.
            out = Files.createTempFile("nas-search-scale-child", ".out");
            err = Files.createTempFile("nas-search-scale-child", ".err");
            p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(limitS, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child JVM timing the " + path + " ran past " + limitS + " s");
            }
            String[] lines = Files.readString(out, StandardCharsets.UTF_8).strip().split("\\n");
            String last = lines[lines.length - 1];
            if (p.exitValue() != 0 || !last.startsWith("{")) {
                throw new IllegalStateException("the child JVM timing the " + path + " failed with exit code "
                        + p.exitValue() + ": " + CliErrors.bounded(cause(Files.readString(err, StandardCharsets.UTF_8))));
            }
            return JsonParser.parseString(last).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run a JVM (" + javaCommand + ") to time the " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing the " + path + " in a child JVM", e);
        } finally {
            if (p != null) {
                p.destroyForcibly(); // a no-op once it has ended
            }
            for (Path f : new Path[] {out, err}) {
                if (f != null) {
                    f.toFile().delete();
                }
            }
        }
    }

    /**
     * The line of a failed child's error output that says why: its last error line or deepest
     * "Caused by", not the "... 11 more" a stack trace ends with (a JVM that cannot start, say
     * for a JMX port an environment variable gives every JVM, ends so).
     *
     * @param stderr the child's error output
     * @return the line
     */
    static String cause(String stderr) {
        String[] lines = stderr.strip().split("\\n");
        String found = null;
        for (String l : lines) {
            String t = l.strip();
            if (t.startsWith("Caused by: ") || t.startsWith("error: ") || t.startsWith("Error: ")
                    || (!l.startsWith("\t") && !l.startsWith(" ") && t.matches("[\\w.$]+(Exception|Error)(: .*)?"))) {
                found = t;
            }
        }
        return found != null ? found : lines[lines.length - 1];
    }

    /** @return the paper's budget: ResNet-50's conv MACs at 480x480 */
    private static long paperBudget() {
        return CostModel.count(ResNets.body(50), new Shape(1, 3, 480, 480)).convMacs();
    }

    static JsonObject run(int population, int children) {
        long budget = paperBudget();
        // Every run starts right after a full collection (the CLI run needs one to measure its
        // memory at the start, and each collection also resizes the heap: the runs must start alike).
        System.gc();
        long[] bareGc0 = gcCountAndMillis();
        Timed bare1 = timed(() -> bare(population, children, budget, null));
        long[] bareGc1 = gcCountAndMillis();
        CliRun cli = cli(population, children, budget, true);
        long[] bareGc2 = gcCountAndMillis();
        ThreadCpuSampler bareSampler = ThreadCpuSampler.start();
        // The second bare run also notes when each candidate ends (a time stamp a candidate, no
        // other work): its tenths show how the search itself slows down towards its end.
        Clock bareClock = new Clock();
        Timed bare2 = timed(() -> bare(population, children, budget, bareClock));
        JsonObject bareByThread = bareSampler.stop();
        long[] bareGc3 = gcCountAndMillis();
        // Both paths again, both warm: the CLI path's cost once its own code is compiled too (the
        // first CLI run compiles the log writer and the charts, and recompiles search code that the
        // bare run compiled without a log or listeners: a one-off cost a long search amortises).
        CliRun cliWarm = cli(population, children, budget, true);
        Timed bare3 = timed(() -> bare(population, children, budget, null));

        double[] tenths = cli.clock.tenths();
        double first = tenths[0];
        double last = tenths[9];
        double bareRate = (bare1.rate + bare2.rate) / 2;
        double bareWarmRate = (bare2.rate + bare3.rate) / 2;
        JsonObject o = new JsonObject();
        o.addProperty("workload", "search-scale");
        o.addProperty("population", population);
        o.addProperty("children", children);
        o.addProperty("budget_conv_macs", budget);
        o.addProperty("budget_layers", 91);
        o.addProperty("candidates", cli.n);
        o.addProperty("bare_candidates_per_s", bareRate);
        o.addProperty("bare_candidates_per_s_before", bare1.rate);
        o.addProperty("bare_candidates_per_s_after", bare2.rate);
        o.addProperty("cli_candidates_per_s", cli.timed.rate);
        o.addProperty("cli_over_bare", cli.timed.rate / bareRate);
        o.addProperty("cli_warm_candidates_per_s", cliWarm.timed.rate);
        o.addProperty("bare_warm_candidates_per_s", bareWarmRate);
        o.addProperty("cli_warm_over_bare_warm", cliWarm.timed.rate / bareWarmRate);
        o.addProperty("cli_first_tenth_per_s", first);
        o.addProperty("cli_last_tenth_per_s", last);
        o.addProperty("last_over_first_tenth", last / first);
        o.add("cli_tenths_per_s", Clock.rounded(tenths));
        o.add("cli_warm_tenths_per_s", Clock.rounded(cliWarm.clock.tenths()));
        double[] bareTenths = bareClock.tenths();
        o.add("bare_after_tenths_per_s", Clock.rounded(bareTenths));
        o.addProperty("bare_after_last_over_first_tenth", bareTenths[9] / bareTenths[0]);
        // Where the CLI run's time goes: before the search's first candidate is due (options,
        // run directory), the candidates, and after the last one (checkpoint, best, plots).
        o.addProperty("cli_s_before_search", (cli.clock.start - cli.t0) / 1e9);
        o.addProperty("cli_s_searching", (cli.clock.done[cli.n - 1] - cli.clock.start) / 1e9);
        o.addProperty("cli_s_after_search", (cli.t1 - cli.clock.done[cli.n - 1]) / 1e9);
        // CPU seconds of the calling (search) thread and of the whole process: the CLI's extra work
        // on its own thread, and what its helper threads (log writer, drawer, GC) add beside it.
        o.addProperty("bare_thread_cpu_s", (bare1.threadCpu + bare2.threadCpu) / 2);
        o.addProperty("bare_process_cpu_s", (bare1.processCpu + bare2.processCpu) / 2);
        o.addProperty("cli_thread_cpu_s", cli.timed.threadCpu);
        o.addProperty("cli_process_cpu_s", cli.timed.processCpu);
        o.addProperty("cli_warm_thread_cpu_s", cliWarm.timed.threadCpu);
        o.addProperty("cli_warm_process_cpu_s", cliWarm.timed.processCpu);
        // How long the search thread waited, ready, for a core that other threads (JIT compiler,
        // collector, log writer, drawer) held: on few cores the CLI run's main loss (Linux only).
        if (bare1.runQueue >= 0) {
            o.addProperty("bare_runq_wait_s", (bare1.runQueue + bare2.runQueue) / 2);
            o.addProperty("cli_runq_wait_s", cli.timed.runQueue);
            o.addProperty("bare_warm_runq_wait_s", (bare2.runQueue + bare3.runQueue) / 2);
            o.addProperty("cli_warm_runq_wait_s", cliWarm.timed.runQueue);
        }
        // Per thread name (GC and JIT threads included), and the collector's own count and time.
        o.add("cli_cpu_s_by_thread", cli.byThread);
        o.add("cli_warm_cpu_s_by_thread", cliWarm.byThread);
        // The same of the second bare run (its search code already compiled, as the CLI run's is).
        o.add("bare_after_cpu_s_by_thread", bareByThread);
        o.addProperty("cli_gc_count", cli.gcCount);
        o.addProperty("cli_gc_s", cli.gcSeconds);
        o.addProperty("bare_gc_count", (bareGc1[0] - bareGc0[0] + bareGc3[0] - bareGc2[0]) / 2.0);
        o.addProperty("bare_gc_s", (bareGc1[1] - bareGc0[1] + bareGc3[1] - bareGc2[1]) / 2e3);
        o.addProperty("rss_mb_start", cli.rssStart);
        o.addProperty("rss_mb_mid", cli.clock.rssMid);
        o.addProperty("rss_mb_end", cli.rssEnd);
        // Live heap after a full GC, before and after the CLI search (its result dropped by then):
        // what the search leaves behind. Resident memory also holds the heap the JVM grew to.
        o.addProperty("heap_mb_start", cli.heapStart);
        o.addProperty("heap_mb_end", cli.heapEnd);
        return o;
    }

    /**
     * Runs {@code nas search maedet} at the paper's settings in a temporary run directory.
     *
     * @param collect whether to collect fully first, and measure the live heap and resident memory
     *     at the start and the end (the in-process comparison: every run starts alike)
     */
    private static CliRun cli(int population, int children, long budget, boolean collect) {
        CliRun r = new CliRun();
        Path dir;
        try {
            dir = Files.createTempDirectory("nas-search-scale");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            SearchMaeDetCommand cmd = new SearchMaeDetCommand();
            cmd.extraListeners.add(r.clock);
            CommandLine cl = new CommandLine(cmd);
            cl.setOut(new PrintWriter(Writer.nullWriter()));
            cl.setErr(new PrintWriter(Writer.nullWriter()));
            if (collect) {
                System.gc();
                r.rssStart = SearchMemoryBench.rssMb();
                r.heapStart = heapMb();
            }
            String[] args = {"--max-macs", Long.toString(budget), "--max-layers", "91", "--constraint-input", "3x480x480",
                    "--population", Integer.toString(population), "--iterations", Integer.toString(children),
                    "--seed", "0", "--run-dir", dir.resolve("run").toString()};
            long[] gc0 = gcCountAndMillis();
            ThreadCpuSampler sampler = ThreadCpuSampler.start();
            int[] rc = new int[1];
            r.timed = timed(() -> {
                r.t0 = System.nanoTime();
                rc[0] = cl.execute(args);
                r.t1 = System.nanoTime();
                return 0;
            });
            r.byThread = sampler.stop();
            long[] gc1 = gcCountAndMillis();
            r.gcCount = gc1[0] - gc0[0];
            r.gcSeconds = (gc1[1] - gc0[1]) / 1e3;
            if (rc[0] != 0) {
                throw new IllegalStateException("nas search maedet failed with exit code " + rc[0]);
            }
            if (collect) {
                System.gc();
                r.rssEnd = SearchMemoryBench.rssMb();
                r.heapEnd = heapMb();
            }
            r.n = r.clock.count();
            r.timed.rate = r.n / ((r.t1 - r.t0) / 1e9);
            for (String f : new String[] {"search.jsonl", "checkpoint.json", "best.json", "progress.png", "pareto.png"}) {
                if (!Files.exists(dir.resolve("run").resolve(f))) {
                    throw new IllegalStateException("the CLI search did not write " + f);
                }
            }
        } finally {
            delete(dir);
        }
        return r;
    }

    private static Timed timed(java.util.function.DoubleSupplier work) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long thread0 = threads.getCurrentThreadCpuTime();
        long process0 = os.getProcessCpuTime();
        long wait0 = RunQueueWait.nanos();
        Timed t = new Timed();
        t.rate = work.getAsDouble();
        long wait1 = RunQueueWait.nanos();
        t.threadCpu = (threads.getCurrentThreadCpuTime() - thread0) / 1e9;
        t.processCpu = (os.getProcessCpuTime() - process0) / 1e9;
        t.runQueue = wait0 >= 0 && wait1 >= 0 ? (wait1 - wait0) / 1e9 : -1;
        return t;
    }

    private static long[] gcCountAndMillis() {
        long[] r = new long[2];
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            r[0] += Math.max(0, gc.getCollectionCount());
            r[1] += Math.max(0, gc.getCollectionTime());
        }
        return r;
    }

    private static double heapMb() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1048576.0;
    }

    private static double bare(int population, int children, long budget, Clock clock) {
        long t0 = System.nanoTime();
        MaeDet.Builder b = MaeDet.builder();
        if (clock != null) {
            b.addListener(clock);
        }
        b
                .optSpace(MaeDetSpace.builder().optImageSize(480).optBudgetLayers(91).build())
                .optConstraints(Constraints.builder().optMaxMacs(budget).optMaxLayers(91).optInput(3, 480, 480).build())
                .optScore(new ClosedFormScore())
                .optEvolution(MaeDetEvolution.builder().optPopulation(population).optChildren(children).build())
                .optSeed(0).build().run();
        // Children drawn per second (and the initial structure), as the CLI run's rate counts them.
        return (1 + children) / ((System.nanoTime() - t0) / 1e9);
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
