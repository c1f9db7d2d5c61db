package org.nas4det.examples.cli;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.SearchListener;
import org.nas4det.core.search.EvolutionSettings;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.detnas.BlockConvention;
import org.nas4det.detnas.BnPolicy;
import org.nas4det.detnas.DetNas;
import org.nas4det.detnas.DetNasBuilder;
import org.nas4det.detnas.DetNasArch;
import org.nas4det.detnas.DetNasResult;
import org.nas4det.detnas.DetNasSpace;
import org.nas4det.detnas.SupernetTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas search detnas}: the whole DetNAS run (supernet pre-training, single-path fine-tuning,
 * evolution scored by held-out COCO AP, export), every setting a flag on top of a preset.
 */
@Command(name = "detnas", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"DetNAS: one-shot ShuffleNetV2 supernet, classification pre-training, detection fine-tuning,"
                + " evolution search scored by held-out COCO AP after BN recalibration.",
            "Without --cls-data / --det-data the synthetic shapes sets are written into the run directory."
                + " --preset paper (default) uses the published settings (for GPUs); --preset cpu runs in minutes on 2 cores."
                + " Flags given override the preset."})
final class SearchDetNasCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin PresetOption preset;

    @Option(names = "--space", description = "small (default) | large | a JSON file holding a space")
    String space;

    @Option(names = "--convention", description = "stride-2 channel split: mmrazor (default) | official")
    String convention;

    @Option(names = "--levels", split = ",", description = "backbone levels into the FPN, e.g. 3,4,5 (default 2,3,4,5; cpu preset 3,4,5; a --space file's own)")
    List<Integer> levels;

    @Option(names = "--cls-data", description = "pre-training image folder: one sub-folder of images per class")
    Path clsData;

    @Option(names = "--det-data", description = "detection data, COCO format: annotations/instances_<split>.json + <split>/;"
            + " a path, or with Spark any URI Hadoop opens (hdfs://, s3a:// ...)")
    String detData;

    @Option(names = "--det-split", defaultValue = "train", description = "split of --det-data to train on (default ${DEFAULT-VALUE})")
    String detSplit;

    @Option(names = "--holdout-split", description = "split of --det-data the search scores on (default: held out of --det-split)")
    String holdoutSplit;

    @Option(names = "--holdout-fraction", converter = OptionValues.OpenFraction.class, description = "fraction of --det-split held out for the search (default 0.05)")
    Double holdoutFraction;

    @Option(names = "--synthetic-images", converter = OptionValues.Positive.class, description = "training images of the synthetic sets (default 200)")
    Integer syntheticImages;

    @Option(names = "--head", description = "fcos (default) | retinanet | gfl | faster_rcnn")
    String head;

    @Option(names = "--head-channels", converter = OptionValues.Positive.class, description = "FPN and head width (paper preset 256, cpu 64)")
    Integer headChannels;

    @Option(names = "--tower-depth", converter = OptionValues.NonNegative.class, description = "convs per head tower (paper preset 4, cpu 2)")
    Integer towerDepth;

    @Option(names = "--last-channels", converter = OptionValues.NonNegative.class, description = "classifier 1x1 conv width before pooling, 0 for none (default 1024)")
    Integer lastChannels;

    @Option(names = "--pretrain-iterations", converter = OptionValues.NonNegative.class, description = "pre-training iterations, 0 to skip (paper 300000, cpu 400)")
    Integer pretrainIterations;

    @Option(names = "--pretrain-batch", converter = OptionValues.Positive.class, description = "pre-training batch (paper 1024, cpu 32)")
    Integer pretrainBatch;

    @Option(names = "--pretrain-size", converter = OptionValues.Positive.class, description = "pre-training image side (paper 224, cpu 32)")
    Integer pretrainSize;

    @Option(names = "--pretrain-lr", converter = OptionValues.PositiveFloat.class, description = "pre-training learning rate, linear decay to 0 (paper 0.5, cpu 0.02)")
    Float pretrainLr;

    @Option(names = "--finetune-iterations", converter = OptionValues.NonNegative.class, description = "fine-tuning iterations, 0 to skip (paper 90000, cpu 400)")
    Integer finetuneIterations;

    @Option(names = "--finetune-batch", converter = OptionValues.Positive.class, description = "fine-tuning batch (paper 16, cpu 8)")
    Integer finetuneBatch;

    @Option(names = "--finetune-size", converter = OptionValues.Positive.class, description = "fine-tuning and evaluation image side (paper 800, cpu 128)")
    Integer finetuneSize;

    @Option(names = "--finetune-lr", converter = OptionValues.PositiveFloat.class, description = "fine-tuning learning rate (default 0.01)")
    Float finetuneLr;

    @Option(names = "--supernet", description = "search this trained supernet file (supernet.params) instead of training one")
    Path supernet;

    @Option(names = "--population", converter = OptionValues.Positive.class, description = "population (paper 50, cpu 12)")
    Integer population;

    @Option(names = "--top-k", converter = OptionValues.Positive.class, description = "parents kept (paper 10, cpu 4)")
    Integer topK;

    @Option(names = "--generations", converter = OptionValues.Positive.class, description = "generations (paper 20, cpu 4)")
    Integer generations;

    @Option(names = "--mutants", converter = OptionValues.NonNegative.class, description = "mutants per generation (paper 20, cpu 4)")
    Integer mutants;

    @Option(names = "--mutation-prob", converter = OptionValues.Probability.class, description = "per-gene mutation probability (default 0.1)")
    Double mutationProb;

    @Option(names = "--crossovers", converter = OptionValues.NonNegative.class, description = "crossovers per generation (paper 20, cpu 4)")
    Integer crossovers;

    @Option(names = "--crossover-prob", converter = OptionValues.Probability.class, description = "per-gene crossover probability (default 0.5)")
    Double crossoverProb;

    @Mixin ConstraintOptions constraints = new ConstraintOptions(300e6, "3x224x224");

    @Option(names = "--bn", description = "BN statistics of candidates: recalibrate (default) | inherit | train_mode")
    String bn;

    @Option(names = "--calibration-images", converter = OptionValues.Positive.class, description = "images BN recalibration averages over (paper 500, cpu 64)")
    Integer calibrationImages;

    @Option(names = "--calibration-batch", converter = OptionValues.Positive.class, description = "images per calibration batch (default 8)")
    Integer calibrationBatch;

    @Mixin SeedOption seed;

    @Mixin RunDirOptions run = new RunDirOptions("runs/detnas");

    @Mixin JsonOption json;

    @Mixin ConfigOption config;

    @Mixin SparkOption spark;

    /** The flags of the builders' setters, for their bad-value messages. */
    static final SetterFlags FLAGS = SetterFlags.of("optHead", "--head", "optHeadChannels", "--head-channels",
            "optTowerDepth", "--tower-depth", "optLastChannels", "--last-channels", "optLevels", "--levels",
            "optConvention", "--convention", "optWidths", "--space", "optDepths", "--space", "optStem", "--space",
            "optHoldoutFraction", "--holdout-fraction", "optSyntheticImages", "--synthetic-images",
            "optBatchNorm", "--bn/--calibration-images/--calibration-batch", "optSupernet", "--supernet",
            "optPopulation", "--population", "optTopK", "--top-k", "optGenerations", "--generations",
            "optMutants", "--mutants", "optCrossovers", "--crossovers");
    /** Pre-training's and fine-tuning's flags: both set a SupernetTraining. */
    private static final SetterFlags PRETRAIN = trainingFlags("--pretrain");
    private static final SetterFlags FINETUNE = trainingFlags("--finetune");

    private static SetterFlags trainingFlags(String prefix) {
        return SetterFlags.of("optIterations", prefix + "-iterations", "optBatchSize", prefix + "-batch",
                "optImageSize", prefix + "-size", "optLearningRate", prefix + "-lr");
    }

    @Override
    public Integer call() {
        Path runDir = run.check(spec);
        DetNasBuilder b = preset.cpu() ? DetNas.cpu() : DetNas.paper();
        DetNas base = b.build();
        FLAGS.apply(() -> configure(b, base, runDir));
        b.addListener(SearchListener.progressBar()).addTrainingListener(TrainingListener.progressBar());
        DetNasBuilder settings = b;
        DetNasResult r = spark.run(executor -> FLAGS.apply(() -> settings.optExecutor(executor).build()).run());
        report(r);
        return 0;
    }

    private DetNasBuilder configure(DetNasBuilder b, DetNas base, Path runDir) {
        b.optSpace(space(base.space())).optSeed(seed.seed).optRunDirectory(runDir).optResume(run.resume);
        data(b);
        if (head != null) {
            b.optHead(head);
        }
        if (headChannels != null) {
            b.optHeadChannels(headChannels);
        }
        if (towerDepth != null) {
            b.optTowerDepth(towerDepth);
        }
        if (lastChannels != null) {
            b.optLastChannels(lastChannels);
        }
        b.optPretraining(PRETRAIN.apply(() -> training(base.pretraining(), pretrainIterations, pretrainBatch, pretrainSize, pretrainLr)));
        b.optFinetuning(FINETUNE.apply(() -> training(base.finetuning(), finetuneIterations, finetuneBatch, finetuneSize, finetuneLr)));
        if (supernet != null) {
            b.optSupernet(supernet);
        }
        b.optEvolution(evolution(base.evolution()));
        b.optConstraints(constraints());
        b.optBatchNorm(bn == null ? base.bnPolicy() : policy(bn),
                calibrationImages != null ? calibrationImages : base.calibrationImages(),
                calibrationBatch != null ? calibrationBatch : base.calibrationBatch());
        return b;
    }

    DetNasSpace space(DetNasSpace base) {
        DetNasSpace.Builder s = (space == null ? base : DetNasSpace.named(space)).toBuilder();
        if ((space != null && (space.equals("small") || space.equals("large"))) && levels == null && preset.cpu()) {
            // The cpu preset's levels for a built-in space; a space file keeps its own.
            s.optLevels(3, 4, 5);
        }
        if (convention != null) {
            try {
                s.optConvention(BlockConvention.valueOf(convention.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--convention must be mmrazor or official, got " + convention);
            }
        }
        if (levels != null) {
            s.optLevels(levels.toArray(new Integer[0]));
        }
        return s.build();
    }

    private void data(DetNasBuilder b) {
        if (clsData != null) {
            b.optClassificationData(clsData);
        }
        if (syntheticImages != null) {
            b.optSyntheticImages(syntheticImages);
        }
        if (holdoutFraction != null) {
            b.optHoldoutFraction(holdoutFraction);
        }
        if (detData != null) {
            b.optDetectionData(spark.cocoSplit(detData, detSplit));
            if (holdoutSplit != null) {
                b.optHoldoutData(spark.cocoSplit(detData, holdoutSplit));
            }
        } else if (holdoutSplit != null) {
            throw new IllegalArgumentException("--holdout-split needs --det-data");
        }
    }

    private static SupernetTraining training(SupernetTraining base, Integer iterations, Integer batch, Integer size, Float lr) {
        SupernetTraining.Builder t = base.toBuilder();
        if (iterations != null) {
            t.optIterations(iterations);
        }
        if (batch != null) {
            t.optBatchSize(batch);
        }
        if (size != null) {
            t.optImageSize(size);
        }
        if (lr != null) {
            t.optLearningRate(lr);
        }
        return t.build();
    }

    private EvolutionSettings evolution(EvolutionSettings base) {
        EvolutionSettings.Builder e = base.toBuilder();
        if (population != null) {
            e.optPopulation(population);
        }
        if (topK != null) {
            e.optTopK(topK);
        }
        if (generations != null) {
            e.optGenerations(generations);
        }
        e.optMutants(mutants != null ? mutants : base.mutants(), mutationProb != null ? mutationProb : base.mutationProbability());
        e.optCrossovers(crossovers != null ? crossovers : base.crossovers(), crossoverProb != null ? crossoverProb : base.crossoverProbability());
        return e.build();
    }

    private Constraints constraints() {
        return constraints.builder(224).build();
    }

    private static BnPolicy policy(String name) {
        try {
            return BnPolicy.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--bn must be recalibrate, inherit or train_mode, got " + name);
        }
    }

    private void report(DetNasResult r) {
        Candidate<DetNasArch> best = r.bestCandidate();
        var out = spec.commandLine().getOut();
        if (json.json) {
            JsonObject o = new JsonObject();
            JsonArray arch = new JsonArray();
            for (int c : best.architecture().choices()) {
                arch.add(c);
            }
            o.add("arch", arch);
            best.evaluation().metrics().forEach(o::addProperty);
            o.addProperty("conv_macs", best.cost().convMacs());
            o.addProperty("params", best.cost().params());
            o.addProperty("candidates", r.candidates().candidates().size());
            o.addProperty("run_dir", r.runDirectory().orElseThrow().toString());
            out.println(JsonOutput.text(o));
        } else {
            out.println(best.architecture().encode());
        }
        out.flush();
        spec.commandLine().getErr().println(String.format(Locale.ROOT,
                "best subnet: held-out AP %.4f (AP50 %.4f), backbone conv MACs %,d at %s, params %,d; %d candidates."
                        + " Written to %s, %s and %s/",
                best.evaluation().metric("mAP"), best.evaluation().metric("AP50"), best.cost().convMacs(), constraints.shape(224),
                best.cost().params(), r.candidates().candidates().size(), r.bestSubnetJson(), r.bestSubnetYaml(), r.detectorDirectory()));
    }
}
