package org.nas4det.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import org.nas4det.core.Constraints;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchResult;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.eval.CocoMetrics;
import org.nas4det.core.nn.resnet.ResNets;
import org.nas4det.core.report.TrainingPlots;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunLock;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.NonFiniteLossException;
import org.nas4det.core.train.TrainingCurve;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.maedet.ClosedFormScore;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetEvolution;
import org.nas4det.maedet.MaeDetBackbone;
import org.nas4det.maedet.MaeDetSpace;
import org.nas4det.maedet.MaeDetStructure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas quickstart}: the README's main job. On the built-in synthetic shapes it searches a
 * backbone with MAE-DET under the conv-MAC budget of a quarter-width ResNet-18, trains the found
 * backbone and the ResNet-18 baseline in the same FCOS detector the same way, evaluates both and
 * prints a table.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "MAE-DET search on the synthetic shapes, FCOS training of the result and of a ResNet-18"
                + " baseline at similar cost, evaluation, summary table and loss curves (losses.png). Minutes on 2 CPU cores."
                + " Each step's result is kept in the run directory as it completes; --resume continues after the last one (a changed --iterations or --lr trains both detectors again, the search is kept).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:both detectors trained", "2:bad option or run directory",
            "3:a detector's training diverged (the table shows the other; the line on stderr says what to try)"})
final class QuickstartCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RunDirOptions run = new RunDirOptions("runs/quickstart");

    @Mixin SeedOption seed;

    @Option(converter = OptionValues.Positive.class, names = "--size", defaultValue = "128", description = "image side (default ${DEFAULT-VALUE})")
    int size;

    @Option(converter = OptionValues.Positive.class, names = "--images", defaultValue = "400", description = "training images (default ${DEFAULT-VALUE})")
    int images;

    @Option(converter = OptionValues.Positive.class, names = "--iterations", defaultValue = "3000", description = "training iterations per detector (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(converter = OptionValues.PositiveFloat.class, names = "--lr", defaultValue = "0.02", description = "peak learning rate of both trainings (default ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--head", defaultValue = "fcos",
            description = "detector of both trainings: fcos (default), gfl (MAE-DET's paper detector), retinanet, faster_rcnn")
    String head;

    @Option(converter = OptionValues.Positive.class, names = "--search-iterations", defaultValue = "2000", description = "MAE-DET children evaluated (default ${DEFAULT-VALUE})")
    int searchIterations;

    @Option(converter = OptionValues.Positive.class, names = "--layers", defaultValue = "40", description = "layer budget of the searched backbone (default ${DEFAULT-VALUE})")
    int layers;


    static final String MAEDET = "detector-maedet";
    static final String BASELINE = "detector-resnet18";
    static final String CURVE = "losses.jsonl";
    static final int CURVE_WINDOW = 25;
    static final int BATCH = 8;

    /** The starting structure: a narrow five-stage net well inside the budget. */
    static final String SEED = "[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 16, 's': 2, 'k': 3},"
            + "{'class': 'SuperResK1KXK1', 'in': 16, 'out': 32, 's': 2, 'k': 3, 'L': 1, 'btn': 8},"
            + "{'class': 'SuperResK1KXK1', 'in': 32, 'out': 64, 's': 2, 'k': 3, 'L': 1, 'btn': 16},"
            + "{'class': 'SuperResK1KXK1', 'in': 64, 'out': 128, 's': 2, 'k': 3, 'L': 1, 'btn': 32},"
            + "{'class': 'SuperResK1KXK1', 'in': 128, 'out': 256, 's': 2, 'k': 3, 'L': 1, 'btn': 64}]";

    /** The baseline in structure form, for its zero-shot score (basic blocks = KXKX units). */
    static final String RESNET18_QUARTER = "[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 16, 's': 2, 'k': 7},"
            + "{'class': 'SuperResKXKX', 'in': 16, 'out': 16, 's': 2, 'k': 3, 'L': 2, 'btn': 16},"
            + "{'class': 'SuperResKXKX', 'in': 16, 'out': 32, 's': 2, 'k': 3, 'L': 2, 'btn': 32},"
            + "{'class': 'SuperResKXKX', 'in': 32, 'out': 64, 's': 2, 'k': 3, 'L': 2, 'btn': 64},"
            + "{'class': 'SuperResKXKX', 'in': 64, 'out': 128, 's': 2, 'k': 3, 'L': 2, 'btn': 128}]";

    @Override
    public Integer call() {
        validate();
        var err = spec.commandLine().getErr();
        RunDirectory.requireOwnRun(run.dir, QuickstartSteps.FILE, "a quick start");
        try (RunLock lock = RunLock.acquire(run.dir, "quick start")) {
            return call(RunDirectory.open(run.dir), err);
        }
    }

    private Integer call(RunDirectory dir, java.io.PrintWriter err) {
        QuickstartSteps steps = QuickstartSteps.open(dir, run.resume, searchSettings(), trainingSettings(), err);
        err.println("[1/4] synthetic shapes (" + images + " training images, " + size + " px) in " + dir.file("data"));
        ShapesLayout data = SyntheticShapes.builder().imageSize(size).trainImages(images).valImages(Math.max(8, images / 4))
                .holdoutImages(Math.max(8, images / 4)).seed(seed.seed).build().ensureDetection(dir.file("data"));
        DetectionData train = CocoData.reader().read(data.annotations("train"), data.images("train"));
        DetectionData val = CocoData.reader().read(data.annotations("val"), data.images("val"));

        Shape input = new Shape(1, 3, size, size);
        Cost baselineCost = CostModel.count(ResNets.scaled(18, 16, 3, 4, 5), input);
        err.println(String.format(Locale.ROOT, "[2/4] MAE-DET search: %d children, budget %,d conv MACs (ResNet-18/4 at %d px), %d layers",
                searchIterations, baselineCost.convMacs(), size, layers));
        SearchResult<MaeDetStructure> found = MaeDet.builder()
                .optSpace(MaeDetSpace.builder().optInitialStructure(MaeDetStructure.parse(SEED)).optImageSize(size)
                        .optBudgetLayers(layers).optMaxChannels(512).optBtnRatio(4).build())
                .optConstraints(Constraints.builder().optMaxMacs(baselineCost.convMacs()).optMaxLayers(layers).optInput(3, size, size).build())
                .optScore(new ClosedFormScore())
                .optEvolution(MaeDetEvolution.builder().optPopulation(64).optChildren(searchIterations).optRound(64).build())
                .optSeed(seed.seed).optRunDirectory(dir.file("search")).optResume(RunDirectory.open(dir.file("search")).holdsSearch())
                .addListener(SearchListener.progressBar()).build().run().candidates();
        MaeDetStructure best = found.best().architecture();
        Cost bestCost = CostModel.count(MaeDetBackbone.of(best), input);
        steps.searchDone(best.encode());

        JsonObject maedetJson = detectorJson();
        maedetJson.add("backbone", MaeDet.backboneSpec(best));
        JsonObject baselineJson = detectorJson();
        JsonObject resnet = new JsonObject();
        resnet.addProperty("type", "resnet");
        resnet.addProperty("depth", 18);
        resnet.addProperty("stem_width", 16);
        baselineJson.add("backbone", resnet);

        err.println("[3/4] training " + head + " with the found backbone (" + iterations + " iterations)");
        JsonObject maedetRun = trainStep(steps, MAEDET, DetectorSpec.of(maedetJson), train, val, dir);
        err.println("[4/4] training " + head + " with the ResNet-18/4 baseline (" + iterations + " iterations)");
        JsonObject baselineRun = trainStep(steps, BASELINE, DetectorSpec.of(baselineJson), train, val, dir);

        Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
        curves.put("MAE-DET (searched)", TrainingCurve.read(dir.file(MAEDET).resolve(CURVE)));
        curves.put("ResNet-18/4 baseline", TrainingCurve.read(dir.file(BASELINE).resolve(CURVE)));
        TrainingPlots.losses(curves, CURVE_WINDOW, dir.file("losses"));

        double baselineScore = new ClosedFormScore().evaluate(MaeDetStructure.parse(RESNET18_QUARTER)).metric("score");
        double bestScore = found.best().evaluation().metric("score");
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "%-22s %12s %16s %10s %8s %8s", "backbone", "params", "conv MACs", "score", "AP", "AP50"));
        out.println(row("MAE-DET (searched)", bestCost, bestScore, maedetRun));
        out.println(row("ResNet-18/4 baseline", baselineCost, baselineScore, baselineRun));
        out.println("training loss (running mean of " + CURVE_WINDOW + " steps) at 10%, 20%, ... 100% of the iterations:");
        for (Map.Entry<String, SortedMap<Integer, Double>> c : curves.entrySet()) {
            out.println(String.format(Locale.ROOT, "  %-22s %s", c.getKey(), curveDeciles(c.getValue())));
        }
        out.println("run directory: " + run.dir.toAbsolutePath()
                + " (summary.json, losses.png, search/best_structure.txt, search/pareto.png, detector-*/model)");
        out.flush();

        JsonObject summary = new JsonObject();
        summary.add("maedet", summaryRow(bestCost, bestScore, maedetRun, best.encode()));
        summary.add("resnet18_quarter", summaryRow(baselineCost, baselineScore, baselineRun, "resnet18 stem 16"));
        dir.writeJsonAtomically("summary.json", summary);
        return failure(err, maedetRun, baselineRun);
    }

    private void validate() {
        run.check(spec);
        if (!DetectorSpec.HEADS.contains(head)) {
            throw new IllegalArgumentException("--head must be one of " + DetectorSpec.HEADS + ", got " + head);
        }
        if (size % 32 != 0) {
            throw new IllegalArgumentException("--size must be a multiple of 32, got " + size);
        }
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        }
        if (iterations < 1 || searchIterations < 1 || images < 8 || layers < 1) {
            throw new IllegalArgumentException("--iterations, --search-iterations and --layers must be >= 1 and --images >= 8");
        }
    }

    private JsonObject searchSettings() {
        JsonObject o = new JsonObject();
        o.addProperty("seed", seed.seed);
        o.addProperty("size", size);
        o.addProperty("images", images);
        o.addProperty("search_iterations", searchIterations);
        o.addProperty("layers", layers);
        return o;
    }

    private JsonObject trainingSettings() {
        JsonObject o = new JsonObject();
        o.addProperty("iterations", iterations);
        // As the decimal the user typed: a float widened to double (0.019999999552965164) would
        // not equal the 0.02 read back from quickstart.json, and every resume would retrain.
        o.addProperty("lr", Double.parseDouble(Float.toString(lr)));
        o.addProperty("warmup", warmup());
        o.addProperty("batch", BATCH);
        o.addProperty("head", head);
        return o;
    }

    private int warmup() {
        return Math.max(1, iterations / 5);
    }

    private JsonObject detectorJson() {
        JsonObject common = new JsonObject();
        common.addProperty("head", head);
        common.addProperty("channels", 64);
        common.addProperty("tower_depth", 2);
        common.addProperty("input_size", size);
        return common;
    }

    /** Trains one detector unless an earlier run of this quick start finished it; records the outcome either way. */
    private JsonObject trainStep(QuickstartSteps steps, String name, DetectorSpec s, DetectionData train, DetectionData val,
            RunDirectory dir) {
        JsonObject done = steps.finished(name);
        if (done != null) {
            spec.commandLine().getErr().println("  " + name + ": finished in an earlier run, result kept");
            return done;
        }
        Path out = dir.file(name);
        try (NDManager m = NDManager.newBaseManager()) {
            CocoMetrics metrics = DetectorTrainer.builder().setSpec(s).setTrainData(train).optValData(val).optIterations(iterations)
                    .optBatchSize(BATCH).optLearningRate(lr, warmup()).optSeed(seed.seed).optRunDirectory(out)
                    .optCheckpointEvery(100).addTrainingListener(TrainingListener.progressBar())
                    .addTrainingListener(new TrainingCurve(out.resolve(CURVE))).build().train(m);
            return steps.trained(name, metrics);
        } catch (NonFiniteLossException e) {
            spec.commandLine().getErr().println("  " + name + ": " + e.getMessage());
            return steps.diverged(name, e);
        }
    }

    /** Exit code: 0, or {@link CliErrors#TRAINING_FAILED} with one line per diverged detector and what to try. */
    private int failure(PrintWriter err, JsonObject... runs) {
        int code = 0;
        for (JsonObject r : runs) {
            if (QuickstartSteps.FAILED.equals(r.get("status").getAsString())) {
                err.println(String.format(Locale.ROOT, "training failed: " + head.toUpperCase(Locale.ROOT) + " with the %s diverged at iteration %d (%s);"
                        + " try a lower --lr (now %s) or fewer --iterations, then --resume: the finished steps are kept",
                        r.get("detector").getAsString(), r.get("iteration").getAsInt(), r.get("cause").getAsString(), lr));
                code = CliErrors.TRAINING_FAILED;
            }
        }
        err.flush();
        return code;
    }

    /** The curve's running mean at each tenth of the iterations, as a compact text line. */
    private String curveDeciles(SortedMap<Integer, Double> curve) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        TrainingPlots.runningMean(curve, CURVE_WINDOW, x, y);
        StringBuilder b = new StringBuilder();
        for (int d = 1; d <= 10; d++) {
            int it = Math.max(1, iterations * d / 10);
            int k = Collections.binarySearch(x, (double) it);
            b.append(k >= 0 ? String.format(Locale.ROOT, "%6.3f", y.get(k)) : "     -");
        }
        return b.toString();
    }

    private static String row(String name, Cost c, double score, JsonObject run) {
        String head = String.format(Locale.ROOT, "%-22s %,12d %,16d %10.2f", name, c.params(), c.convMacs(), score);
        if (!QuickstartSteps.DONE.equals(run.get("status").getAsString())) {
            return head + "  training diverged at iteration " + run.get("iteration").getAsInt();
        }
        JsonObject m = run.getAsJsonObject("metrics");
        return head + String.format(Locale.ROOT, " %8.4f %8.4f", m.get("AP").getAsDouble(), m.get("AP50").getAsDouble());
    }

    private static JsonObject summaryRow(Cost c, double score, JsonObject run, String arch) {
        JsonObject o = new JsonObject();
        o.addProperty("arch", arch);
        o.addProperty("params", c.params());
        o.addProperty("conv_macs", c.convMacs());
        o.addProperty("score", score);
        o.addProperty("status", run.get("status").getAsString());
        if (run.has("metrics")) {
            o.add("metrics", run.get("metrics"));
        } else {
            o.addProperty("diverged_at_iteration", run.get("iteration").getAsInt());
            o.addProperty("cause", run.get("cause").getAsString());
        }
        return o;
    }
}
