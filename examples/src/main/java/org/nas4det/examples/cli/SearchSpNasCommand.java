package org.nas4det.examples.cli;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4det.core.SearchListener;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.spnas.BlockType;
import org.nas4det.spnas.SpNas;
import org.nas4det.spnas.SpNasArch;
import org.nas4det.spnas.SpNasResult;
import org.nas4det.spnas.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas search spnas}: the whole SP-NAS run (serial search with morphisms and reignition,
 * parallel search, final training), every setting a flag on top of a preset.
 */
@Command(name = "spnas", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"SP-NAS: serial-to-parallel backbone search. Serial codes grow by morphisms from a Pareto parent (mAP,"
                + " params) whose weights the child inherits (expand and add-stage keep its function, swap moves a stride),"
                + " each child fine-tuned briefly and scored by held-out COCO AP; reignition re-pre-trains the front on"
                + " classification data when it stagnates; parallel cascade copies per stage, around a net drawn from the"
                + " serial front, are sampled inversely to their MACs; the final architecture is trained into RUN/detector.",
            "Without --data / --cls-data the synthetic shapes sets are written into the run directory. --preset paper"
                + " (default) uses the published settings (for GPUs); --preset cpu runs in minutes on 2 cores. Flags override the preset."})
final class SearchSpNasCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin PresetOption preset;

    @Option(names = "--seed-arch", description = "seed: arch string or code (paper r_111-2111-211111-211_0-0-0-0, cpu b_11-21-21-21_0-0-0-0)")
    String seedArch;

    @Option(names = "--block", description = "block of a bare --seed-arch code: basic | bottleneck | resnext32x4d")
    String block;

    @Option(converter = OptionValues.Positive.class, names = "--width", description = "backbone stem width (paper 64, cpu 8)")
    Integer width;

    @Option(names = "--head", description = "faster_rcnn (paper preset, the reference detector) | fcos (cpu preset) | retinanet | gfl")
    String head;

    @Option(converter = OptionValues.Positive.class, names = "--head-channels", description = "FPN and head width (paper 256, cpu 32)")
    Integer headChannels;

    @Option(converter = OptionValues.NonNegative.class, names = "--tower-depth", description = "convs per head tower (paper 4, cpu 1)")
    Integer towerDepth;

    @Option(converter = OptionValues.Positive.class, names = "--input-size", description = "training and evaluation image side (paper 800, cpu 96)")
    Integer inputSize;

    @Option(names = "--data", description = "detection data, COCO format: annotations/instances_<split>.json + <split>/;"
            + " a path, or with Spark any URI Hadoop opens (hdfs://, s3a:// ...)")
    String data;

    @Option(names = "--data-split", defaultValue = "train", description = "split of --data (default ${DEFAULT-VALUE})")
    String dataSplit;

    @Option(converter = OptionValues.OpenFraction.class, names = "--holdout-fraction", description = "share of --data held out for scoring candidates (default 0.05)")
    Double holdoutFraction;

    @Option(converter = OptionValues.Positive.class, names = "--synthetic-images", description = "synthetic training images without --data (paper 64, cpu 48)")
    Integer syntheticImages;

    @Option(names = "--cls-data", description = "reignition image folder: one sub-folder of images per class (default synthetic)")
    Path clsData;

    @Option(converter = OptionValues.NonNegative.class, names = "--serial-samples", description = "serial candidates after the seed, max_sample (paper 20, cpu 6)")
    Integer serialSamples;

    @Option(converter = OptionValues.Positive.class, names = "--num-mutate", description = "mutation slots per attempt (default 3)")
    Integer numMutate;

    @Option(converter = OptionValues.Probability.class, names = "--expand-ratio", description = "expand's skip threshold (default 0.3)")
    Double expandRatio;

    @Option(converter = OptionValues.Probability.class, names = "--add-stage-ratio", description = "add-stage's skip threshold (default 0.05)")
    Double addStageRatio;

    @Option(converter = OptionValues.Positive.class, names = "--max-stages", description = "most stages, 4..6 (default 6)")
    Integer maxStages;

    @Option(converter = OptionValues.Positive.class, names = "--finetune-iterations", description = "fine-tuning iterations per candidate (paper 88704, cpu 20)")
    Integer finetuneIterations;

    @Option(converter = OptionValues.Positive.class, names = "--finetune-batch", description = "fine-tuning batch (paper 4, cpu 4)")
    Integer finetuneBatch;

    @Option(converter = OptionValues.PositiveFloat.class, names = "--finetune-lr", description = "fine-tuning learning rate (paper 0.02, cpu 0.01)")
    Float finetuneLr;

    @Option(converter = OptionValues.NonNegative.class, names = "--finetune-warmup", description = "fine-tuning warm-up iterations (paper 1000, cpu 5)")
    Integer finetuneWarmup;

    @Option(names = "--freeze-inherited", description = "candidates train only their new tensors; inherited ones stay frozen (default: all train)")
    boolean freezeInherited;

    @Option(names = "--seed-iterations", converter = OptionValues.Positive.class, description = "iterations of the seed's training from scratch (paper 354816, cpu 120)")
    Integer seedIterations;

    @Option(converter = OptionValues.Positive.class, names = "--patience", description = "rounds without a new front member before reignition (paper 5, cpu 3)")
    Integer patience;

    @Option(converter = OptionValues.NonNegative.class, names = "--max-reignitions", description = "reignitions at most, 0..2 (default 2)")
    Integer maxReignitions;

    @Option(converter = OptionValues.Positive.class, names = "--reignition-iterations", description = "classification iterations per reignited net (paper 200000, cpu 30)")
    Integer reignitionIterations;

    @Option(converter = OptionValues.Positive.class, names = "--reignition-batch", description = "classification batch (paper 128, cpu 8)")
    Integer reignitionBatch;

    @Option(converter = OptionValues.PositiveFloat.class, names = "--reignition-lr", description = "classification learning rate (paper 0.1, cpu 0.05)")
    Float reignitionLr;

    @Option(converter = OptionValues.NonNegative.class, names = "--reignition-warmup", description = "classification warm-up iterations (paper 0, cpu 5)")
    Integer reignitionWarmup;

    @Option(converter = OptionValues.NonNegative.class, names = "--parallel-samples", description = "parallel candidates, 0 skips the step (paper 10, cpu 3)")
    Integer parallelSamples;

    @Option(converter = OptionValues.Probability.class, names = "--zero-share", description = "probability of no copy at the cheapest stage (default 0.4)")
    Double zeroShare;

    @Option(names = "--shared-copies", description = "parallel copies share their stage's weights (legacy); default own weights")
    boolean sharedCopies;

    @Option(converter = OptionValues.Positive.class, names = "--final-iterations", description = "final training iterations (paper 709632, cpu 200)")
    Integer finalIterations;

    @Option(converter = OptionValues.Positive.class, names = "--final-batch", description = "final training batch (paper 4, cpu 4)")
    Integer finalBatch;

    @Option(converter = OptionValues.PositiveFloat.class, names = "--final-lr", description = "final training learning rate (paper 0.02, cpu 0.01)")
    Float finalLr;

    @Option(converter = OptionValues.NonNegative.class, names = "--final-warmup", description = "final training warm-up iterations (paper 1000, cpu 20)")
    Integer finalWarmup;

    @Mixin ConstraintOptions constraints = new ConstraintOptions();

    @Mixin SeedOption seed;

    @Mixin RunDirOptions run = new RunDirOptions("runs/spnas");

    @Mixin JsonOption json;

    @Mixin ConfigOption config;

    @Mixin SparkOption spark;

    @Override
    public Integer call() {
        Path runDir = run.check(spec);
        SpNas.Builder b = configure().optRunDirectory(runDir);
        b.addListener(SearchListener.progressBar()).addTrainingListener(TrainingListener.progressBar());
        report(spark.run(executor -> FLAGS.apply(() -> b.optExecutor(executor).build()).run()));
        return 0;
    }

    /** The flags of the builder's setters, for its bad-value messages. */
    static final SetterFlags FLAGS = SetterFlags.of("optSeedArch", "--seed-arch", "optWidth", "--width", "optHead", "--head",
            "optHeadChannels", "--head-channels", "optTowerDepth", "--tower-depth", "optImageSize", "--input-size",
            "optHoldoutFraction", "--holdout-fraction", "optSyntheticImages", "--synthetic-images", "optSerialSamples", "--serial-samples",
            "optNumMutate", "--num-mutate", "optExpandRatio", "--expand-ratio", "optAddStageRatio", "--add-stage-ratio",
            "optMaxStages", "--max-stages", "optSeedIterations", "--seed-iterations", "optPatience", "--patience",
            "optMaxReignitions", "--max-reignitions", "optParallelSamples", "--parallel-samples", "optZeroShare", "--zero-share");

    /** @return the preset with every given flag applied (no listeners, no run directory) */
    SpNas.Builder configure() {
        return FLAGS.apply(this::applyFlags);
    }

    private SpNas.Builder applyFlags() {
        SpNas.Builder b = preset.cpu() ? SpNas.cpu() : SpNas.paper();
        BlockType blockType;
        try {
            blockType = block == null ? b.seedArch().block() : BlockType.parse(block);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--block " + block + ": " + e.getMessage(), e);
        }
        if (seedArch != null) {
            SpNasArch seed;
            try {
                seed = SpNasArch.parseCodeOrArch(seedArch, blockType);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--seed-arch " + seedArch + ": " + e.getMessage(), e);
            }
            b.optSeedArch(seed);
        } else if (block != null) {
            b.optSeedArch(SpNasArch.serial(blockType, b.seedArch().serialCode()));
        }
        detector(b);
        data(b);
        search(b);
        b.optFineTune(training(b.fineTune(), finetuneIterations, finetuneBatch, finetuneLr, finetuneWarmup));
        b.optReignition(training(b.reignition(), reignitionIterations, reignitionBatch, reignitionLr, reignitionWarmup));
        b.optFinalTraining(training(b.finalTraining(), finalIterations, finalBatch, finalLr, finalWarmup));
        return b.optConstraints(constraints.builder(b.inputSize()).build()).optSeed(seed.seed).optResume(run.resume);
    }

    /** A preset's training with the given flags; a warm-up not given is capped at the iterations. */
    private static TrainSettings training(TrainSettings preset, Integer iterations, Integer batch, Float lr, Integer warmup) {
        int it = iterations != null ? iterations : preset.iterations();
        return new TrainSettings(it, batch != null ? batch : preset.batchSize(), lr != null ? lr : preset.learningRate(),
                warmup != null ? warmup : Math.min(preset.warmup(), it), preset.drops());
    }

    private void detector(SpNas.Builder b) {
        if (width != null) {
            b.optWidth(width);
        }
        if (head != null) {
            b.optHead(head);
        }
        if (headChannels != null) {
            b.optHeadChannels(headChannels);
        }
        if (towerDepth != null) {
            b.optTowerDepth(towerDepth);
        }
        if (inputSize != null) {
            b.optImageSize(inputSize);
        }
    }

    private void data(SpNas.Builder b) {
        if (data != null) {
            b.optDetectionData(spark.cocoSplit(data, dataSplit));
        }
        if (holdoutFraction != null) {
            b.optHoldoutFraction(holdoutFraction);
        }
        if (syntheticImages != null) {
            b.optSyntheticImages(syntheticImages);
        }
        if (clsData != null) {
            b.optClassificationData(clsData);
        }
    }

    private void search(SpNas.Builder b) {
        if (serialSamples != null) {
            b.optSerialSamples(serialSamples);
        }
        if (numMutate != null) {
            b.optNumMutate(numMutate);
        }
        if (expandRatio != null) {
            b.optExpandRatio(expandRatio);
        }
        if (addStageRatio != null) {
            b.optAddStageRatio(addStageRatio);
        }
        if (maxStages != null) {
            b.optMaxStages(maxStages);
        }
        if (seedIterations != null) {
            b.optSeedIterations(seedIterations);
        }
        if (patience != null) {
            b.optPatience(patience);
        }
        if (maxReignitions != null) {
            b.optMaxReignitions(maxReignitions);
        }
        if (parallelSamples != null) {
            b.optParallelSamples(parallelSamples);
        }
        if (zeroShare != null) {
            b.optZeroShare(zeroShare);
        }
        b.optSharedCopies(sharedCopies).optFreezeInherited(freezeInherited);
    }

    private void report(SpNasResult r) {
        var out = spec.commandLine().getOut();
        if (json.json) {
            JsonObject o = new JsonObject();
            o.addProperty("arch", r.best().encode());
            o.addProperty("mAP", r.finalMap());
            o.addProperty("params", r.cost().params());
            o.addProperty("conv_macs", r.cost().convMacs());
            o.addProperty("serial_candidates", r.search().get().candidates().size());
            o.addProperty("parallel_candidates", r.parallelSearch().map(p -> p.candidates().size()).orElse(0));
            o.addProperty("run_dir", r.runDirectory().get().toString());
            o.addProperty("detector", r.detectorDirectory().toString());
            out.println(o);
        } else {
            out.println(r.best().encode());
        }
        out.flush();
        Shape in = r.cost().input();
        spec.commandLine().getErr().println(String.format(Locale.ROOT,
                "final architecture %s: held-out mAP %.2f after final training; backbone params %,d, conv MACs %,d at %s."
                        + " Written to %s and %s/",
                r.best().encode(), r.finalMap(), r.cost().params(), r.cost().convMacs(), in,
                r.runDirectory().get().resolve(SpNas.BEST_ARCH), r.detectorDirectory()));
    }
}
