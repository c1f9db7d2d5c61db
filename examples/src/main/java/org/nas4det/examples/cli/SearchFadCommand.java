package org.nas4det.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.fad.Fad;
import org.nas4det.fad.FadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas search fad}: FAD's differentiable head search, then the final training of the derived head. */
@Command(name = "fad", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"FAD: differentiable search of the FCOS head's box and cls subnetworks (first-order DARTS on the live network,"
                + " alphas in their own Adam, a seeded split of the data by image), then an FCOS detector with the derived head.",
                " --preset paper (default) uses the release's settings (for GPUs); --preset cpu runs in minutes on 2 cores on the"
                        + " built-in shapes data. Flags given override the preset."})
final class SearchFadCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin PresetOption preset;

    @Option(names = "--data", description = "COCO-format folder: annotations/instances_train.json + train/ (and optionally _val + val/);"
            + " default: the built-in shapes data")
    Path data;

    @Option(converter = OptionValues.Positive.class, names = "--shapes-images", description = "images of the generated shapes data (paper 400, cpu 96)")
    Integer shapesImages;

    @Option(names = "--backbone", description = "backbone as detector-spec JSON (file or inline), e.g. {\"type\":\"resnet\",\"depth\":50}")
    String backbone;

    @Option(converter = OptionValues.Positive.class, names = "--fpn-channels", description = "FPN width F = cell state width (paper 256, cpu 32)")
    Integer fpnChannels;

    @Option(converter = OptionValues.Positive.class, names = "--channels", description = "op width C (paper 96, cpu 32)")
    Integer width;

    @Option(converter = OptionValues.Positive.class, names = "--search-cells", description = "cells per subnet in the search (default 1)")
    Integer searchCells;

    @Option(converter = OptionValues.Positive.class, names = "--cells", description = "cells per subnet in the final head (default 2)")
    Integer cells;

    @Option(converter = OptionValues.Positive.class, names = "--nodes", description = "intermediate nodes per cell (default 3, at most 8)")
    Integer nodes;

    @Option(names = "--rate3", description = "the 12-op space with rate-3 dilated layers")
    boolean rate3;

    @Option(converter = OptionValues.OpenFraction.class, names = "--arch-fraction", description = "fraction of the images for architecture steps (default 0.5)")
    Double archFraction;

    @Option(converter = OptionValues.Positive.class, names = "--image-size", description = "search (and final) image size (paper 416, cpu 64)")
    Integer imageSize;

    @Option(converter = OptionValues.Positive.class, names = "--final-image-size", description = "final-training image size (paper 800)")
    Integer finalImageSize;

    @Option(converter = OptionValues.Positive.class, names = "--iterations", description = "search iterations (paper 17500, cpu 40)")
    Integer iterations;

    @Option(converter = OptionValues.Positive.class, names = "--batch", description = "search batch size (paper 4, cpu 8)")
    Integer batch;

    @Option(converter = OptionValues.PositiveFloat.class, names = "--lr", description = "search weight SGD learning rate (paper 0.004, cpu 0.01)")
    Float lr;

    @Option(converter = OptionValues.NonNegativeFloat.class, names = "--weight-decay", description = "search weight decay (default 1e-4)")
    Float weightDecay;

    @Option(converter = OptionValues.NonNegative.class, names = "--warmup", description = "search warm-up iterations (default: 500 of every 17500 search iterations; cpu 5 of 40)")
    Integer warmup;

    @Option(converter = OptionValues.NonNegative.class, names = "--drop-at", description = "iteration of the x0.1 learning-rate drop (default: after 12500 of every 17500 search iterations; cpu 30 of 40; 0: none)")
    Integer dropAt;

    @Option(converter = OptionValues.NonNegativeFloat.class, names = "--clip-norm", description = "max-norm of the weights' gradient (default 20; 0 for none)")
    Float clipNorm;

    @Option(converter = OptionValues.PositiveFloat.class, names = "--alpha-lr", description = "Adam learning rate of the alphas (paper 3e-4, cpu 3e-3)")
    Float alphaLr;

    @Option(converter = OptionValues.NonNegativeFloat.class, names = "--alpha-weight-decay", description = "Adam weight decay of the alphas (default 1e-3)")
    Float alphaWeightDecay;

    @Option(names = "--second-order", description = "second-order DARTS (default: first order)")
    boolean secondOrder;

    @Option(converter = OptionValues.Positive.class, names = "--checkpoint-every", description = "search checkpoint interval (default: 2500 of every 17500 search iterations; cpu 10 of 40)")
    Integer checkpointEvery;

    @Option(converter = OptionValues.NonNegative.class, names = "--final-iterations", description = "final training iterations (paper 90000, cpu 200; 0: no final training)")
    Integer finalIterations;

    @Option(converter = OptionValues.Positive.class, names = "--final-batch", description = "final training batch size (paper 16, cpu 8)")
    Integer finalBatch;

    @Option(converter = OptionValues.PositiveFloat.class, names = "--final-lr", description = "final training learning rate (default 0.01)")
    Float finalLr;

    @Option(converter = OptionValues.NonNegative.class, names = "--final-warmup", description = "final training warm-up (paper 500, cpu 20)")
    Integer finalWarmup;

    @Mixin SeedOption seed;

    @Mixin RunDirOptions run = new RunDirOptions("runs/fad");

    @Mixin JsonOption json;

    @Mixin ConfigOption config;

    @Mixin SparkOption spark;

    @Override
    public Integer call() {
        spark.refuse("FAD's search is differentiable (one relaxed supernet trained in one process), it has no"
                + " generations of candidates to spread; run it without --spark-master");
        Path runDir = run.check(spec);
        Fad fad = FLAGS.apply(() -> configure(runDir));
        FadResult r = fad.run();
        report(r);
        return 0;
    }

    /** @return the run: the preset with every given flag applied */
    private Fad configure(Path runDir) {
        Fad.Builder b = preset.cpu() ? Fad.cpu() : Fad.paper();
        if (data != null) {
            if (!Files.isDirectory(data)) {
                throw new IllegalArgumentException("--data " + data + ": not a folder");
            }
            b.optDataDirectory(data);
        }
        if (backbone != null) {
            b.optBackbone(backboneJson(backbone));
        }
        if (shapesImages != null) {
            b.optSyntheticImages(shapesImages);
        }
        if (fpnChannels != null) {
            b.optChannels(fpnChannels);
        }
        if (width != null) {
            b.optWidth(width);
        }
        if (searchCells != null || cells != null) {
            b.optCells(searchCells != null ? searchCells : 1, cells != null ? cells : 2);
        }
        if (nodes != null) {
            b.optNodes(nodes);
        }
        if (rate3) {
            b.optRate3(true);
        }
        if (archFraction != null) {
            b.optArchFraction(archFraction);
        }
        if (imageSize != null) {
            b.optImageSize(imageSize);
        }
        if (finalImageSize != null) {
            b.optFinalImageSize(finalImageSize);
        }
        search(b);
        finalTraining(b);
        b.optSecondOrder(secondOrder).optSeed(seed.seed).optRunDirectory(runDir).optResume(run.resume)
                .addTrainingListener(TrainingListener.progressBar());
        return b.build();
    }

    private void search(Fad.Builder b) {
        if (iterations != null) {
            b.optIterations(iterations);
        }
        if (batch != null) {
            b.optBatchSize(batch);
        }
        if (lr != null) {
            b.optLearningRate(lr);
        }
        if (weightDecay != null) {
            b.optWeightDecay(weightDecay);
        }
        if (warmup != null) {
            b.optWarmup(warmup);
        }
        if (dropAt != null) {
            b.optDropAt(dropAt);
        }
        if (clipNorm != null) {
            b.optClipNorm(clipNorm);
        }
        if (alphaLr != null) {
            b.optAlphaLearningRate(alphaLr);
        }
        if (alphaWeightDecay != null) {
            b.optAlphaWeightDecay(alphaWeightDecay);
        }
        if (checkpointEvery != null) {
            b.optCheckpointEvery(checkpointEvery);
        }
    }

    private void finalTraining(Fad.Builder b) {
        if (finalIterations != null) {
            b.optFinalIterations(finalIterations);
        }
        if (finalBatch != null) {
            b.optFinalBatchSize(finalBatch);
        }
        if (finalLr != null) {
            b.optFinalLearningRate(finalLr);
        }
        if (finalWarmup != null) {
            b.optFinalWarmup(finalWarmup);
        }
    }

    /** The flags of the builder's setters, for its bad-value messages. */
    static final SetterFlags FLAGS = SetterFlags.of("optChannels", "--fpn-channels", "optWidth", "--channels",
            "optCells", "--search-cells/--cells", "optNodes", "--nodes", "optArchFraction", "--arch-fraction",
            "optImageSize", "--image-size", "optFinalImageSize", "--final-image-size", "optFinalIterations", "--final-iterations",
            "optFinalBatchSize", "--final-batch", "optFinalLearningRate", "--final-lr", "optFinalWarmup", "--final-warmup", "optIterations", "--iterations", "optBatchSize", "--batch",
            "optLearningRate", "--lr", "optAlphaLearningRate", "--alpha-lr", "optWeightDecay", "--weight-decay",
            "optAlphaWeightDecay", "--alpha-weight-decay", "optClipNorm", "--clip-norm", "optWarmup", "--warmup", "optDropAt", "--drop-at",
            "optCheckpointEvery", "--checkpoint-every", "optBackbone", "--backbone",
            "optSyntheticImages", "--shapes-images", "optDataDirectory", "--data");

    static JsonObject backboneJson(String text) {
        try {
            String s = Files.isRegularFile(Path.of(text)) ? Files.readString(Path.of(text)) : text;
            return JsonParser.parseString(s).getAsJsonObject();
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("--backbone: not a JSON object or a file holding one: " + text);
        }
    }

    private void report(FadResult r) {
        var out = spec.commandLine().getOut();
        if (json.json) {
            JsonObject o = r.summary();
            o.addProperty("run_dir", run.dir.toString());
            out.println(o);
        } else {
            out.print(r.best().encode());
        }
        out.flush();
        if (java.nio.file.Files.isDirectory(r.detectorDirectory())) {
            // Without a val split the final detector is not evaluated: no AP to print.
            String ap = r.metrics().containsKey("AP") ? String.format(Locale.ROOT, "final detector AP %s, AP50 %s",
                    r.metrics().get("AP"), r.metrics().get("AP50")) : "final detector not evaluated (no val split)";
            spec.commandLine().getErr().println(String.format(Locale.ROOT, "derived head: %,d params; %s;"
                            + " written to %s, %s and %s/", r.cost().params(), ap, run.dir.resolve(Fad.GENOTYPE), run.dir.resolve(Fad.PLOT),
                    r.detectorDirectory()));
        } else {
            spec.commandLine().getErr().println(String.format(Locale.ROOT, "derived head: %,d params; no final training (--final-iterations 0);"
                    + " written to %s and %s", r.cost().params(), run.dir.resolve(Fad.GENOTYPE), run.dir.resolve(Fad.PLOT)));
        }
    }
}
