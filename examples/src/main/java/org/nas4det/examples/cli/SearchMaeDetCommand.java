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

/** {@code nas search maedet}: zero-shot MAE-DET search under budgets. */
@Command(name = "maedet", mixinStandardHelpOptions = true,
        description = "MAE-DET: evolutionary search of detection backbones scored at random initialisation.")
final class SearchMaeDetCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--score", defaultValue = "closed-form", converter = MaeDetCli.KindConverter.class,
            description = "closed-form (default) | entropy")
    MaeDetCli.ScoreKind score;

    @Mixin ConstraintOptions constraints = new ConstraintOptions(0.0, "3x480x480");

    @Option(names = {"--max-layers", "--budget-layers"}, converter = OptionValues.Positive.class, defaultValue = "91",
            description = "largest main-branch conv count (default ${DEFAULT-VALUE})")
    int maxLayers;

    @Option(names = "--population", converter = OptionValues.Positive.class, defaultValue = "256", description = "population size (default ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--iterations", converter = OptionValues.Positive.class, defaultValue = "100000", description = "children evaluated (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seed-structure", description = "structure the population starts from (file or text; default: tiny R50-like)")
    String seedStructure;

    @Option(names = "--stem-cap", converter = OptionValues.Positive.class, defaultValue = "32", description = "largest stem width (default ${DEFAULT-VALUE})")
    int stemCap;

    @Option(names = "--max-channels", converter = OptionValues.Positive.class, defaultValue = "2048", description = "largest block width (default ${DEFAULT-VALUE})")
    int maxChannels;

    @Mixin SeedOption seed;

    @Mixin RunDirOptions run = new RunDirOptions("runs/maedet");

    @Mixin JsonOption json;

    @Mixin ConfigOption config;

    @Mixin SparkOption spark;

    /** Listeners added by {@code bench search-scale}, which times this exact path. */
    final List<SearchListener> extraListeners = new ArrayList<>();

    @Override
    public Integer call() {
        Path runDir = run.check(spec);
        int size = (int) constraints.shape(480).get(1);
        Constraints c = constraints.builder(size).optMaxLayers(maxLayers).build();
        MaeDetSpace.Builder space = MaeDetSpace.builder().optImageSize(size).optBudgetLayers(maxLayers).optStemCap(stemCap)
                .optMaxChannels(maxChannels);
        if (seedStructure != null) {
            space.optInitialStructure(MaeDetCli.structure(seedStructure, "--seed-structure"));
        }
        Evaluator<MaeDetStructure> e = score == MaeDetCli.ScoreKind.closed_form ? new ClosedFormScore()
                : new EntropyScore(8, size, 1, seed.seed, StageWeights.maeDet(), Engine.getInstance().defaultDevice());
        MaeDet.Builder search = MaeDet.builder().optSpace(space.build()).optConstraints(c).optScore(e).optSeed(seed.seed)
                .optEvolution(MaeDetEvolution.builder().optPopulation(population).optChildren(iterations).build())
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
