package org.nas4det.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4det.core.Evaluation;
import org.nas4det.maedet.ClosedFormScore;
import org.nas4det.maedet.EntropyScore;
import org.nas4det.maedet.MaeDetStructure;
import org.nas4det.maedet.StageWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas score}: the zero-shot score of one structure. */
@Command(name = "score", mixinStandardHelpOptions = true, description = "Zero-shot score of one MAE-DET structure.")
final class ScoreCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--space", required = true, description = "maedet")
    String space;

    @Option(names = "--arch", required = true, description = "structure file (TinyNAS v1/v2) or inline text")
    String arch;

    @Option(names = "--score", required = true, description = "closed-form | entropy", converter = MaeDetCli.KindConverter.class)
    MaeDetCli.ScoreKind kind;

    @Option(names = "--input", converter = ShapeOption.class, defaultValue = "3x480x480", description = "input 3xHxW, a multiple of 32 (default ${DEFAULT-VALUE})")
    Shape input;

    @Option(names = "--batch", converter = OptionValues.Positive.class, defaultValue = "32", description = "entropy: images per forward (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--repeats", converter = OptionValues.Positive.class, defaultValue = "4", description = "entropy: repeats averaged (default ${DEFAULT-VALUE})")
    int repeats;

    @Mixin SeedOption seed;

    @Mixin JsonOption json;

    @Override
    public Integer call() {
        if (!space.equals("maedet")) {
            throw new IllegalArgumentException("--space " + space + ": only maedet has a zero-shot score");
        }
        if (input.get(2) != input.get(3)) {
            throw new IllegalArgumentException("--input must be square, got " + input.get(2) + "x" + input.get(3));
        }
        MaeDetStructure s = MaeDetCli.structure(arch);
        Evaluation e = kind == MaeDetCli.ScoreKind.closed_form ? new ClosedFormScore().evaluate(s) : entropy(s);
        if (!Double.isFinite(e.metric("score"))) {
            // JSON has no NaN or infinity, and such a score ranks nothing: refuse to print it.
            throw new IllegalArgumentException("the " + kind.name().replace('_', '-') + " score of this structure is not a finite number ("
                    + e.metric("score") + "); for the entropy score try a larger --batch");
        }
        JsonObject o = new JsonObject();
        o.addProperty("score", e.metric("score"));
        JsonArray stages = new JsonArray();
        for (int i = 1; e.metrics().containsKey("H" + i); i++) {
            stages.add(e.metric("H" + i));
        }
        o.add("per_stage", stages);
        o.addProperty("std", e.metrics().getOrDefault("std", 0.0));
        var out = spec.commandLine().getOut();
        out.println(json.json ? JsonOutput.text(o) : String.format(Locale.ROOT, "score %.2f (std %.2f), per stage %s", e.metric("score"),
                o.get("std").getAsDouble(), stages));
        out.flush();
        return 0;
    }

    private Evaluation entropy(MaeDetStructure s) {
        try {
            return new EntropyScore(batch, (int) input.get(2), repeats, seed.seed, StageWeights.maeDet(), Engine.getInstance().defaultDevice())
                    .evaluate(s);
        } catch (ai.djl.engine.EngineException e) {
            if (String.valueOf(e.getMessage()).contains("can't allocate memory")) {
                throw new IllegalArgumentException("the entropy score at --input " + input.get(1) + "x" + input.get(2) + "x"
                        + input.get(3) + " with --batch " + batch + " needs more memory than this machine has: reduce --batch or --input", e);
            }
            throw e;
        }
    }
}
