package org.nas4det.examples.readme;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import org.nas4det.core.Architecture;
import org.nas4det.core.Constraints;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.Evaluator;
import org.nas4det.core.Objective;
import org.nas4det.core.Operators;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.SearchSpace;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.report.PlotListener;
import org.nas4det.core.search.EvolutionSearch;
import org.nas4det.core.search.EvolutionSettings;
import org.nas4det.detnas.DetNas;
import org.nas4det.detnas.DetNasArch;
import org.nas4det.detnas.DetNasBackbone;
import org.nas4det.detnas.DetNasResult;
import org.nas4det.detnas.DetNasSpace;
import org.nas4det.detnas.SupernetTraining;
import org.nas4det.core.detect.Detector;
import org.nas4det.fad.Fad;
import org.nas4det.fad.FadResult;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.head.FadHead;
import org.nas4det.maedet.MaeDet;
import org.nas4det.spnas.SpNas;
import org.nas4det.spnas.SpNasArch;
import org.nas4det.spnas.SpNasResult;
import org.nas4det.maedet.MaeDetStructure;
import org.nas4det.maedet.MaeDetBackbone;
import org.nas4det.maedet.MaeDetResult;
import org.nas4det.core.data.BadRecordPolicy;
import org.nas4det.core.data.CocoOrigin;
import org.nas4det.core.data.DetectionData;
import org.nas4det.spark.SparkExecutor;

/**
 * The README's Java samples, compiled: each region between {@code // snippet NAME} and
 * {@code // end} is, line for line, a {@code java} block of the README (a test checks it), so the
 * README cannot drift from the API.
 */
public final class ReadmeSnippets {

    private ReadmeSnippets() {}

    /** MAE-DET at the paper's scale. */
    static MaeDetBackbone maedet() {
        // snippet maedet
        MaeDetResult r = MaeDet.builder()                  // the paper's settings; MaeDet.cpu() for minutes on 2 cores
                .optConstraints(Constraints.builder().optMaxMacs(18.77e9).optMaxLayers(91).optInput(3, 480, 480).build())
                .optSeed(7)
                .optRunDirectory(Path.of("runs/maedet"))   // search.jsonl, checkpoint.json, best_structure.txt, plots
                .addListener(SearchListener.progressBar())
                .build()
                .run();
        MaeDetBackbone backbone = MaeDet.standalone(r.best());   // C3..C5 for FPN + FCOS/RetinaNet
        // end
        return backbone;
    }

    /** DetNAS at the paper's scale. */
    static DetNasBackbone detnas() {
        // snippet detnas
        DetNasResult r = DetNas.builder()                   // the paper's settings; DetNas.cpu() for minutes on 2 cores
                .optSpace(DetNasSpace.small())                     // or large(), or any widths/depths/convention
                .optClassificationData(Path.of("imagenet/train"))   // default: synthetic shapes classification set
                .optDetectionData(Path.of("coco/annotations/instances_train2017.json"), Path.of("coco/train2017"))
                .optHead("fcos").optHeadChannels(256).optTowerDepth(4)
                .optPretraining(SupernetTraining.paperPretraining().build())   // 300k x 1024 at 224, SGD 0.5 linear
                .optFinetuning(SupernetTraining.paperFinetuning().build())     // 90k x 16 at 800, 1x steps
                .optConstraints(DetNas.paperConstraint())
                .optRunDirectory(Path.of("runs/detnas"))
                .optResume(true)
                .addListener(SearchListener.progressBar())
                .build()
                .run();
        DetNasBackbone subnet = DetNas.standalone(DetNasSpace.small(), "runs/detnas/best_fix_subnet.yaml"); // any format
        // end
        return subnet;
    }

    /**
     * FAD on the CPU preset, its head under a MAE-DET backbone.
     *
     * @param structure a MAE-DET structure
     * @return the detector
     */
    static Detector fad(MaeDetStructure structure) {
        // snippet fad
        FadResult r = Fad.cpu()                       // or Fad.paper() (= Fad.builder()): the release's settings
                .optRunDirectory(Path.of("runs/fad"))
                .optSeed(0)
                .build()
                .run();                               // optResume(true) continues a killed run
        FadGenotypes g = r.best();                    // box and cls genotypes, g.write(file) in the release's format
        FadHead head = r.standalone();                // a fresh derived head (HeadTowers) for any FCOS detector
        Detector d = Detector.fcos(MaeDet.standalone(structure), 80).optTowers(head).build();
        // end
        return d;
    }

    /**
     * SP-NAS on the CPU preset.
     *
     * @return a standalone ResNet-50 in SP-NAS's form
     */
    static Block spnas() {
        // snippet spnas
        SpNasResult r = SpNas.cpu()                        // or SpNas.builder() / SpNas.paper()
                .optRunDirectory(Path.of("runs/spnas"))
                .optSeed(0)
                .addListener(SearchListener.progressBar())
                .build()
                .run();                                    // optResume(true) continues a run cut short
        r.best();                                          // e.g. b_11-21-21-211_0-1-0-0
        Block backbone = SpNas.standalone(SpNasArch.parse("r_111-2111-211111-211_0-0-0-0"));
        // end
        return backbone;
    }

    /**
     * A search of one's own space with the core engine.
     *
     * @param space any search space
     * @param operators evolution's mutation and crossover in that space
     * @param evaluator any evaluator
     * @param <A> the architecture type
     * @return the best network's cost
     */
    static <A extends Architecture> Cost core(SearchSpace<A> space, Operators<A> operators, Evaluator<A> evaluator) {
        // snippet core
        SearchProblem<A> problem = SearchProblem.builder(space, evaluator)
                .optConstraints(Constraints.builder().optMaxMacs(300e6).optInput(3, 224, 224).build())
                .addObjective(Objective.maximize("mAP"))
                .optSeed(7)
                .optRunDirectory(Path.of("runs/my-search"))   // search.jsonl, checkpoint.json, best.json, plots
                .optResume(true)                              // continue a killed run exactly
                .addListener(SearchListener.progressBar())
                .addListener(new PlotListener("conv_macs"))
                .build();
        SearchResult<A> result =
                new EvolutionSearch<A>(EvolutionSettings.builder().optPopulation(50).optTopK(10).build(), operators)
                        .search(problem);   // a space that only mutates (MaeDetSpace) needs .optCrossovers(0, p) in the settings
        Block best = space.build(result.best().architecture());
        Cost cost = CostModel.count(best, new Shape(1, 3, 224, 224));   // params, MACs, FLOPs parts
        // end
        return cost;
    }

    /** A DetNAS search whose candidates are evaluated by Spark tasks. */
    static DetNasArch spark() {
        DetNasArch best;
        // snippet spark
        try (SparkExecutor spark = SparkExecutor.builder().optMaster("local[2]").build()) {
            best = DetNas.cpu().optExecutor(spark).optRunDirectory(Path.of("runs/detnas")).build().run().best();
        }
        // end
        return best;
    }

    /** A DetNAS search whose data is read from HDFS, with local files staged for the workers. */
    static void sparkUris() {
        // snippet sparkUris
        try (SparkExecutor spark = SparkExecutor.builder().optStaging("hdfs://nn/tmp/nas4det").build()) {
            DetectionData coco = new CocoOrigin("hdfs://nn/coco/annotations/instances_train.json", "hdfs://nn/coco/train",
                    BadRecordPolicy.FAIL, true, null).read(spark.files());
            DetNas.paper().optDetectionData(coco).optExecutor(spark).build().run();
        }
        // end
    }
}
