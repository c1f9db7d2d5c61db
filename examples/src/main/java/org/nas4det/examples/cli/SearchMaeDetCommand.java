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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas search maedet}: zero-shot MAE-DET search under budgets. */
@Command(name = "maedet", mixinStandardHelpOptions = true,
        description = "MAE-DET: evolutionary search of detection backbones scored at random initialisation.")
final class SearchMaeDetCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--score", defaultValue = "closed-form", converter = ScoreCommand.KindConverter.class,
            description = "closed-form (default) | entropy")
    ScoreCommand.Kind score;

    @Option(names = "--budget-macs", converter = OptionValues.PositiveDouble.class, description = "largest MACs of the backbone at --budget-input")
    Double budgetMacs;

    @Option(names = "--budget-convention", defaultValue = "conv", description = "how MACs are counted: conv (default), thop, tinynas")
    String convention;

    @Option(names = "--budget-input", converter = ShapeOption.class, defaultValue = "3x480x480", description = "resolution of the budget (default ${DEFAULT-VALUE})")
    Shape budgetInput;

    @Option(names = "--budget-params", converter = OptionValues.PositiveDouble.class, description = "largest parameter count")
    Double budgetParams;

    @Option(names = "--budget-layers", converter = OptionValues.Positive.class, defaultValue = "91", description = "largest main-branch conv count (default ${DEFAULT-VALUE})")
    int budgetLayers;

    @Option(names = "--population", converter = OptionValues.Positive.class, defaultValue = "256", description = "population size (default ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--iterations", converter = OptionValues.NonNegative.class, defaultValue = "100000", description = "children evaluated (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seed-structure", description = "structure the population starts from (file or text; default: tiny R50-like)")
    String seedStructure;

    @Option(names = "--stem-cap", converter = OptionValues.Positive.class, defaultValue = "32", description = "largest stem width (default ${DEFAULT-VALUE})")
    int stemCap;

    @Option(names = "--max-channels", converter = OptionValues.Positive.class, defaultValue = "2048", description = "largest block width (default ${DEFAULT-VALUE})")
    int maxChannels;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--run-dir", defaultValue = "runs/maedet", description = "run directory (default ${DEFAULT-VALUE})")
    Path runDir;

    @Option(names = "--resume", description = "continue the run in --run-dir; a damaged checkpoint is recovered from the"
            + " log's complete records; a directory that does not exist is started fresh (said on stderr)")
    boolean resume;

    /** Listeners added by {@code bench search-scale}, which times this exact path. */
    final List<SearchListener> extraListeners = new ArrayList<>();

    @Override
    public Integer call() {
        OutputPaths.directory("--run-dir", runDir);
        if (resume && !java.nio.file.Files.isDirectory(runDir)) {
            spec.commandLine().getErr().println("note: --resume: " + runDir + " does not exist; starting a new search there");
        }
        if (budgetInput.get(2) != budgetInput.get(3)) {
            throw new IllegalArgumentException("--budget-input must be square, got " + budgetInput);
        }
        int size = (int) budgetInput.get(2);
        Constraints.Builder cb = Constraints.builder().optInput((int) budgetInput.get(1), size, size).optMaxLayers(budgetLayers);
        if (budgetMacs != null) {
            cb.optMax(quantity(convention), budgetMacs);
        }
        if (budgetParams != null) {
            cb.optMaxParams(budgetParams);
        }
        Constraints c = cb.build();
        MaeDetSpace.Builder space = MaeDetSpace.builder().optImageSize(size).optBudgetLayers(budgetLayers).optStemCap(stemCap)
                .optMaxChannels(maxChannels);
        if (seedStructure != null) {
            space.optInitialStructure(MaeDetCli.structure(seedStructure));
        }
        Evaluator<MaeDetStructure> e = score == ScoreCommand.Kind.closed_form ? new ClosedFormScore()
                : new EntropyScore(8, size, 1, seed, StageWeights.maeDet(), Engine.getInstance().defaultDevice());
        MaeDet.Builder search = MaeDet.builder().optSpace(space.build()).optConstraints(c).optScore(e).optSeed(seed)
                .optEvolution(MaeDetEvolution.builder().optPopulation(population).optChildren(iterations).build())
                .optRunDirectory(runDir).optResume(resume)
                .addListener(SearchListener.progressBar());
        extraListeners.forEach(search::addListener);
        MaeDetResult r = search.build().run();
        Candidate<MaeDetStructure> best = r.bestCandidate();
        var out = spec.commandLine().getOut();
        out.print(best.architecture().toV2());
        out.flush();
        spec.commandLine().getErr().println(String.format(Locale.ROOT,
                "best score %.2f, conv MACs %,d, params %,d, layers %d; written to %s",
                best.evaluation().metric("score"), best.cost().convMacs(), best.cost().params(), best.architecture().layers(),
                runDir.resolve(MaeDet.BEST_STRUCTURE)));
        return 0;
    }

    static String quantity(String convention) {
        switch (convention) {
            case "conv":
                return "conv_macs";
            case "thop":
                return "thop_flops";
            case "tinynas":
                return "mmcv_flops";
            default:
                throw new IllegalArgumentException("--budget-convention must be conv, thop or tinynas, got " + convention);
        }
    }
}
