package org.nas4det.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.maedet.ClosedFormScore;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetEvolution;
import org.nas4det.maedet.MaeDetBackbone;
import org.nas4det.maedet.MaeDetSpace;
import org.nas4det.maedet.MaeDetStructure;
import picocli.CommandLine.Command;
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
                + " baseline at similar cost, evaluation, summary table. Minutes on 2 CPU cores.")
final class QuickstartCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--run-dir", defaultValue = "runs/quickstart", description = "run directory (default ${DEFAULT-VALUE})")
    Path runDir;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", converter = OptionValues.Positive.class, defaultValue = "320", description = "image side (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--images", converter = OptionValues.Positive.class, defaultValue = "400", description = "training images (default ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--iterations", converter = OptionValues.Positive.class, defaultValue = "300", description = "training iterations per detector (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--head", defaultValue = "fcos",
            description = "detector of both trainings: fcos (default), gfl (MAE-DET's paper detector), retinanet, faster_rcnn")
    String head;

    @Option(names = "--search-iterations", converter = OptionValues.Positive.class, defaultValue = "2000", description = "MAE-DET children evaluated (default ${DEFAULT-VALUE})")
    int searchIterations;

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
        OutputPaths.directory("--run-dir", runDir);
        if (size % 32 != 0) {
            throw new IllegalArgumentException("--size must be a multiple of 32, got " + size);
        }
        var err = spec.commandLine().getErr();
        RunDirectory dir = RunDirectory.open(runDir);
        err.println("[1/4] synthetic shapes (" + images + " training images, " + size + " px) in " + dir.file("data"));
        ShapesLayout data = SyntheticShapes.builder().imageSize(size).trainImages(images).valImages(Math.max(8, images / 4))
                .holdoutImages(Math.max(8, images / 4)).seed(seed).build().ensureDetection(dir.file("data"));
        DetectionData train = CocoData.reader().read(data.annotations("train"), data.images("train"));
        DetectionData val = CocoData.reader().read(data.annotations("val"), data.images("val"));

        Shape input = new Shape(1, 3, size, size);
        Cost baselineCost = CostModel.count(ResNets.scaled(18, 16, 3, 4, 5), input);
        err.println(String.format(Locale.ROOT, "[2/4] MAE-DET search: %d children, budget %,d conv MACs (ResNet-18/4 at %d px), 40 layers",
                searchIterations, baselineCost.convMacs(), size));
        SearchResult<MaeDetStructure> found = MaeDet.builder()
                .optSpace(MaeDetSpace.builder().optInitialStructure(MaeDetStructure.parse(SEED)).optImageSize(size).optBudgetLayers(40)
                        .optMaxChannels(512).optBtnRatio(4).build())
                .optConstraints(Constraints.builder().optMaxMacs(baselineCost.convMacs()).optMaxLayers(40).optInput(3, size, size).build())
                .optScore(new ClosedFormScore()).optEvolution(MaeDetEvolution.builder().optPopulation(64).optChildren(searchIterations).optRound(64).build()).optSeed(seed)
                .optRunDirectory(dir.file("search")).optResume(RunDirectory.open(dir.file("search")).holdsSearch())
                .addListener(SearchListener.progressBar()).build().run().candidates();
        MaeDetStructure best = found.best().architecture();
        Cost bestCost = CostModel.count(MaeDetBackbone.of(best), input);

        JsonObject common = new JsonObject();
        common.addProperty("head", head);
        common.addProperty("channels", 64);
        common.addProperty("tower_depth", 2);
        common.addProperty("input_size", size);
        JsonObject resnet = new JsonObject();
        resnet.addProperty("type", "resnet");
        resnet.addProperty("depth", 18);
        resnet.addProperty("stem_width", 16);
        JsonObject maedetJson = common.deepCopy();
        maedetJson.add("backbone", MaeDet.backboneSpec(best));
        JsonObject baselineJson = common.deepCopy();
        baselineJson.add("backbone", resnet);
        DetectorSpec maedetSpec = DetectorSpec.of(maedetJson);
        DetectorSpec baselineSpec = DetectorSpec.of(baselineJson);

        err.println("[3/4] training " + head + " with the found backbone (" + iterations + " iterations)");
        CocoMetrics maedetAp = train(maedetSpec, train, val, dir.file(head + "-maedet"));
        err.println("[4/4] training " + head + " with the ResNet-18/4 baseline (" + iterations + " iterations)");
        CocoMetrics baselineAp = train(baselineSpec, train, val, dir.file(head + "-resnet18"));

        double baselineScore = new ClosedFormScore().evaluate(MaeDetStructure.parse(RESNET18_QUARTER)).metric("score");
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "%-22s %12s %16s %10s %8s %8s", "backbone", "params", "conv MACs", "score", "AP", "AP50"));
        out.println(row("MAE-DET (searched)", bestCost, found.best().evaluation().metric("score"), maedetAp));
        out.println(row("ResNet-18/4 baseline", baselineCost, baselineScore, baselineAp));
        out.println("run directory: " + runDir.toAbsolutePath() + " (search/best_structure.txt, search/pareto.png, " + head + "-*/model)");
        out.flush();

        JsonObject summary = new JsonObject();
        summary.add("maedet", summaryRow(bestCost, found.best().evaluation().metric("score"), maedetAp, best.encode()));
        summary.add("resnet18_quarter", summaryRow(baselineCost, baselineScore, baselineAp, "resnet18 stem 16"));
        dir.writeAtomically("summary.json", new GsonBuilder().setPrettyPrinting().create().toJson(summary) + "\n");
        return 0;
    }

    private CocoMetrics train(DetectorSpec s, DetectionData train, DetectionData val, Path out) {
        try (NDManager m = NDManager.newBaseManager()) {
            return DetectorTrainer.builder().setSpec(s).setTrainData(train).optValData(val).optIterations(iterations)
                    .optBatchSize(8).optLearningRate(0.02f, Math.max(1, iterations / 5)).optSeed(seed).optRunDirectory(out)
                    .optCheckpointEvery(100).addTrainingListener(TrainingListener.progressBar()).build().train(m);
        }
    }

    private static String row(String name, Cost c, double score, CocoMetrics m) {
        return String.format(Locale.ROOT, "%-22s %,12d %,16d %10.2f %8.4f %8.4f", name, c.params(), c.convMacs(), score,
                m.stat("AP"), m.stat("AP50"));
    }

    private static JsonObject summaryRow(Cost c, double score, CocoMetrics m, String arch) {
        JsonObject o = new JsonObject();
        o.addProperty("arch", arch);
        o.addProperty("params", c.params());
        o.addProperty("conv_macs", c.convMacs());
        o.addProperty("score", score);
        o.add("metrics", m.toJson());
        return o;
    }
}
