package org.nas4det.examples.cli;

import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.nas4det.core.eval.BoxDetections;
import org.nas4det.core.eval.BoxGroundTruth;
import org.nas4det.core.eval.CocoEvaluator;
import org.nas4det.core.eval.CocoJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nas bench WORKLOAD}: the timed workloads of BENCHMARKS.md, one JSON line each, so runs
 * can be compared with another framework on the same machine.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Times a benchmark workload (BENCHMARKS.md) and prints one JSON line.")
final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "the workload: cocoeval, fcos-step, frcnn-step, gfl-step, detnas-step, maedet-score, maedet-search, search-memory, search-scale")
    String workload;

    @Mixin JsonOption json;

    @Option(names = "--iters", converter = OptionValues.Positive.class, defaultValue = "15", description = "timed repetitions (default ${DEFAULT-VALUE})")
    int iters;

    // Not --warmup: in train that is the learning-rate warm-up.
    @Option(names = "--untimed", converter = OptionValues.NonNegative.class, defaultValue = "3", description = "untimed repetitions first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--gt", description = "cocoeval: ground-truth instances JSON")
    Path gt;

    @Option(names = "--dt", description = "cocoeval: result JSON")
    Path dt;

    @Option(names = "--candidates", converter = OptionValues.Positive.class, defaultValue = "1000", description = "search-memory: candidate evaluations (default ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--children", converter = OptionValues.Positive.class, defaultValue = "100000", description = "search-scale: children of each search (default ${DEFAULT-VALUE})")
    int children;

    @Option(names = "--population", converter = OptionValues.Positive.class, defaultValue = "256", description = "search-scale: population (default ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--processes", converter = OptionValues.NonNegative.class, defaultValue = "0", description = "search-scale: also time both paths in this many alternated pairs of fresh JVMs (default ${DEFAULT-VALUE})")
    int processes;

    @Option(names = "--only", description = "search-scale: time one path once, bare or cli, and nothing else (what each fresh JVM of --processes runs)")
    String only;

    @Option(names = "--arch", description = "maedet-score: structure (default MAE-DET-S)")
    String arch;

    /** MAE-DET-S, the default structure of maedet-score. */
    static final String MAEDET_S = "[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 32, 's': 2, 'k': 3},"
            + "{'class': 'SuperResK1KXK1', 'in': 32, 'out': 48, 's': 2, 'k': 5, 'L': 2, 'btn': 32},"
            + "{'class': 'SuperResK1KXK1', 'in': 48, 'out': 272, 's': 2, 'k': 3, 'L': 4, 'btn': 120},"
            + "{'class': 'SuperResK1KXK1', 'in': 272, 'out': 1024, 's': 2, 'k': 5, 'L': 10, 'btn': 80},"
            + "{'class': 'SuperResK1KXK1', 'in': 1024, 'out': 2048, 's': 2, 'k': 3, 'L': 10, 'btn': 240}]";

    @Override
    public Integer call() {
        if (iters < 1 || warmup < 0) {
            throw new IllegalArgumentException("--iters must be >= 1 and --untimed >= 0");
        }
        if (workload.equals("search-scale") && children < 100) {
            // Its rates are per tenth of the candidates: a tenth needs some.
            throw new IllegalArgumentException("--children must be at least 100 for search-scale, got " + children);
        }
        if (only != null && !only.equals("bare") && !only.equals("cli")) {
            throw new IllegalArgumentException("--only must be bare or cli, got '" + only + "'");
        }
        if ((only != null || processes > 0) && !workload.equals("search-scale")) {
            throw new IllegalArgumentException("--only and --processes apply to search-scale only");
        }
        if (only != null && processes > 0) {
            throw new IllegalArgumentException("--only times one path in this process: it takes no --processes");
        }
        String trace = System.getProperty("nas.bench.trace");
        if (trace != null) {
            // Per-op timing: run once untraced (warm-up), then again under libtorch's profiler,
            // which writes a Chrome trace of every engine op (BENCHMARKS.md, profiles).
            workload();
            ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
            JsonObject line;
            try {
                line = workload();
            } finally {
                ai.djl.pytorch.jni.JniUtils.stopProfile(trace);
            }
            return print(line);
        }
        return print(workload());
    }

    private int print(JsonObject line) {
        line.addProperty("threads", Integer.getInteger("ai.djl.pytorch.num_threads", 0));
        line.addProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        PrintWriter out = spec.commandLine().getOut();
        out.println(JsonOutput.text(line));
        out.flush();
        return 0;
    }

    private JsonObject workload() {
        JsonObject line;
        switch (workload) {
            case "cocoeval":
                line = cocoeval();
                break;
            case "fcos-step":
                line = FcosStepBench.run(warmup, iters);
                break;
            case "frcnn-step":
                line = FcosStepBench.frcnn(warmup, iters);
                break;
            case "gfl-step":
                line = FcosStepBench.gfl(warmup, iters);
                break;
            case "detnas-step":
                line = DetNasStepBench.run(warmup, iters);
                break;
            case "search-memory":
                line = SearchMemoryBench.run(candidates);
                break;
            case "search-scale":
                line = only != null ? SearchScaleBench.one(only, population, children)
                        : SearchScaleBench.run(population, children, processes);
                break;
            case "maedet-score":
                line = MaeDetBench.score(arch == null
                        ? org.nas4det.maedet.MaeDetStructure.parse(MAEDET_S) : MaeDetCli.structure(arch), warmup, iters);
                break;
            case "maedet-search":
                // A whole 20,000-child search per repetition: one timed run unless asked otherwise.
                boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--iters");
                line = MaeDetBench.search(explicit ? warmup : 0, explicit ? iters : 1);
                break;
            default:
                throw new IllegalArgumentException(
                        "unknown workload '" + workload + "' (available in this build: cocoeval, fcos-step, frcnn-step, gfl-step, detnas-step, maedet-score, maedet-search, search-memory, search-scale)");
        }
        return line;
    }

    private JsonObject cocoeval() {
        if (gt == null || dt == null) {
            throw new IllegalArgumentException("bench cocoeval needs --gt GT.json --dt DT.json");
        }
        BoxGroundTruth g = CocoJson.readGroundTruth(gt);
        BoxDetections d = CocoJson.readDetections(dt);
        CocoJson.checkImages(g, gt, d, dt);
        double[] ms = time(() -> CocoEvaluator.evaluate(g, d));
        JsonObject o = new JsonObject();
        o.addProperty("workload", "cocoeval");
        o.addProperty("images", g.imageIds().length);
        o.addProperty("annotations", g.size());
        o.addProperty("detections", d.size());
        o.addProperty("AP", CocoEvaluator.evaluate(g, d).stat("AP"));
        timings(o, "ms_eval", ms, iters, warmup);
        return o;
    }

    private double[] time(Runnable work) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] ms = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    static void timings(JsonObject o, String name, double[] ms, int iters, int warmup) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        o.addProperty(name, median);
        o.addProperty(name + "_min", s[0]);
        o.addProperty(name + "_max", s[s.length - 1]);
        o.addProperty("iters", iters);
        o.addProperty("warmup", warmup);
    }
}
