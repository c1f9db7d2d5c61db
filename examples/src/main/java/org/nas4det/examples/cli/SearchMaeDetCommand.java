package org.nas4det.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.Evaluator;
import org.nas4det.core.SearchListener;
import org.nas4det.maedet.MaeDetResult;
import org.nas4det.maedet.ClosedFormScore;
import org.nas4det.maedet.EntropyScore;
import org.nas4det.maedet.MaeDet;
import org.nas4det.maedet.MaeDetEvolution;
import org.nas4det.maedet.MaeDetSpace;
import org.nas4det.maedet.MaeDetStructure;
import org.nas4det.maedet.StageWeights;
import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas search maedet}: zero-shot MAE-DET search under budgets. {@code --preset paper} (the
 * default) is the paper's search, {@code --preset cpu} is {@code MaeDet.cpu()} (a quarter-width
 * ResNet-18 budget at 320x320, 40 layers, population 64, 2,000 children, from the smallest
 * structure), which with {@code --score entropy} shows the forward score end to end in minutes on
 * two cores; flags, and a {@code --config} file's values, override the preset.
 */
@Command(name = "maedet", mixinStandardHelpOptions = true,
        description = {"MAE-DET: evolutionary search of detection backbones scored at random initialisation.",
            "--preset paper (default) uses the paper's settings; --preset cpu is MaeDet.cpu(): a quarter-width ResNet-18"
                + " budget at 320x320, 40 layers, population 64, 2,000 children, from the smallest structure."
                + " Flags override the preset."})
final class SearchMaeDetCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin PresetOption preset;

    @Option(names = "--score", defaultValue = "closed-form", converter = MaeDetCli.KindConverter.class,
            description = "closed-form (default) | entropy")
    MaeDetCli.ScoreKind score;

    @Mixin ConstraintOptions constraints = new ConstraintOptions(0.0, "3x480x480");

    @Option(names = {"--max-layers", "--budget-layers"}, converter = OptionValues.Positive.class, defaultValue = "91",
            description = "largest main-branch conv count (paper ${DEFAULT-VALUE}, cpu 40)")
    int maxLayers;

    @Option(names = "--population", converter = OptionValues.Positive.class, defaultValue = "256", description = "population size (paper ${DEFAULT-VALUE}, cpu 64)")
    int population;

    @Option(names = "--iterations", converter = OptionValues.Positive.class, defaultValue = "100000", description = "children, counted as --counting says (paper ${DEFAULT-VALUE}, cpu 2000)")
    int iterations;

    @Option(names = "--counting", defaultValue = "draws", converter = CountingConverter.class,
            description = "what --iterations counts: draws (default; as the reference's loop, a child that repeats a"
                    + " structure already evaluated or breaks the budget counts and is not evaluated) | evaluations (each"
                    + " child is drawn until it is new and within the budget: slower as the population converges)")
    MaeDetEvolution.Counting counting;

    /** Reads {@code --counting}. */
    static final class CountingConverter implements picocli.CommandLine.ITypeConverter<MaeDetEvolution.Counting> {
        @Override
        public MaeDetEvolution.Counting convert(String value) {
            return MaeDetEvolution.Counting.of(value);
        }
    }

    @Option(names = "--seed-structure", description = "structure the population starts from (file or text; default: tiny R50-like)")
    String seedStructure;

    @Option(names = "--stem-cap", converter = OptionValues.Positive.class, defaultValue = "32", description = "largest stem width (default ${DEFAULT-VALUE})")
    int stemCap;

    @Option(names = "--max-channels", converter = OptionValues.Positive.class, defaultValue = "2048", description = "largest block width (paper ${DEFAULT-VALUE}, cpu 512)")
    int maxChannels;

    @Mixin SeedOption seed;

    @Mixin RunDirOptions run = new RunDirOptions("runs/maedet");

    @Mixin JsonOption json;

    @Mixin ConfigOption config;

    @Mixin SparkOption spark;

    /** Listeners added by {@code bench search-scale}, which times this exact path. */
    final List<SearchListener> extraListeners = new ArrayList<>();

    /** The cpu preset's values, as {@code MaeDet.cpu()} sets them ({@code MaeDetCommandsTest} compares the two). */
    private static final int CPU_SIZE = 320;
    private static final int CPU_LAYERS = 40;
    private static final int CPU_CHANNELS = 512;
    private static final int CPU_BTN_RATIO = 4;
    private static final int CPU_POPULATION = 64;
    private static final int CPU_CHILDREN = 2_000;

    /** @return whether an option was set, on the command line or in the {@code --config} file */
    private boolean given(String name) {
        if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
            return true;
        }
        try {
            return spec.defaultValueProvider() != null && spec.defaultValueProvider().defaultValue(spec.findOption(name)) != null;
        } catch (Exception e) {
            return false; // a config file's bad value was reported when it was read
        }
    }

    /** Puts the cpu preset's values into the options the user did not set. */
    private void applyCpuPreset() {
        if (!given("--constraint-input")) {
            constraints.input = "3x" + CPU_SIZE + "x" + CPU_SIZE;
        }
        if (!given("--max-layers")) {
            maxLayers = CPU_LAYERS;
        }
        if (!given("--max-channels")) {
            maxChannels = CPU_CHANNELS;
        }
        if (!given("--population")) {
            population = CPU_POPULATION;
        }
        if (!given("--iterations")) {
            iterations = CPU_CHILDREN;
        }
    }

    @Override
    public Integer call() {
        boolean cpu = preset.cpu();
        if (cpu) {
            applyCpuPreset();
        }
        Path runDir = run.check(spec);
        int size = (int) constraints.shape(480).get(1);
        Constraints.Builder limits = constraints.builder(size).optMaxLayers(maxLayers);
        if (cpu && !given("--max-macs")) {
            // The preset's budget is in convolution MACs at the input the costs are counted at,
            // whatever --macs-convention says of a --max-macs.
            limits.optMaxMacs(MaeDet.cpuBudget(size));
        }
        Constraints c = limits.build();
        MaeDetSpace.Builder space = MaeDetSpace.builder().optImageSize(size).optBudgetLayers(maxLayers).optStemCap(stemCap)
                .optMaxChannels(maxChannels);
        if (seedStructure != null) {
            space.optInitialStructure(MaeDetCli.structure(seedStructure, "--seed-structure"));
        } else if (cpu) {
            space.optInitialStructure(MaeDetSpace.floor());
        }
        if (cpu) {
            space.optBtnRatio(CPU_BTN_RATIO);
        }
        Evaluator<MaeDetStructure> e = score == MaeDetCli.ScoreKind.closed_form ? new ClosedFormScore()
                : new EntropyScore(8, size, 1, seed.seed, StageWeights.maeDet(), Engine.getInstance().defaultDevice());
        MaeDet.Builder search = MaeDet.builder().optSpace(space.build()).optConstraints(c).optScore(e).optSeed(seed.seed)
                .optEvolution(MaeDetEvolution.builder().optPopulation(population).optChildren(iterations).optCounting(counting).build())
                .optRunDirectory(runDir).optResume(run.resume)
                .addListener(SearchListener.progressBar());
        extraListeners.forEach(search::addListener);
        MaeDetResult r = spark.run(executor -> search.optExecutor(executor).build().run());
        Candidate<MaeDetStructure> best = r.bestCandidate();
        var out = spec.commandLine().getOut();
        if (json.json) {
            JsonObject o = new JsonObject();
            o.addProperty("structure", best.architecture().toV2());
            o.addProperty("score", best.evaluation().metric("score"));
            o.addProperty("conv_macs", best.cost().convMacs());
            o.addProperty("params", best.cost().params());
            o.addProperty("layers", best.architecture().layers());
            o.addProperty("candidates", r.candidates().candidates().size());
            o.addProperty("run_dir", runDir.toString());
            out.println(JsonOutput.text(o));
        } else {
            out.print(best.architecture().toV2());
        }
        out.flush();
        spec.commandLine().getErr().println(String.format(Locale.ROOT,
                "best score %.2f, conv MACs %,d, params %,d, layers %d; written to %s",
                best.evaluation().metric("score"), best.cost().convMacs(), best.cost().params(), best.architecture().layers(),
                runDir.resolve(MaeDet.BEST_STRUCTURE)));
        return 0;
    }
}
