package org.nas4det.examples.spnas;

import java.nio.file.Path;
import java.util.Locale;
import org.nas4det.core.EngineSettings;
import org.nas4det.core.SearchListener;
import org.nas4det.core.train.TrainingListener;
import org.nas4det.spnas.SpNas;
import org.nas4det.spnas.SpNasResult;

/**
 * SP-NAS end to end on the synthetic shapes, sized for 2 CPU cores (the {@code cpu} preset): the
 * ResNet-18 code with basic blocks at width 8 is trained as the seed, 6 serial children grow from
 * the Pareto front with inherited weights (reignition on the shapes classification crops when the
 * front stalls), 3 parallel structures are sampled around the best serial net, and the final
 * architecture is trained into {@code RUN/detector} and written to {@code RUN/best_arch.txt}.
 * Resumes when the run directory holds a run.
 *
 * <pre>{@code java -cp examples/target/nas.jar org.nas4det.examples.spnas.SpNasShapesCpu [RUN_DIR]}</pre>
 */
public final class SpNasShapesCpu {

    private SpNasShapesCpu() {}

    /**
     * Runs the example.
     *
     * @param args optional run directory (default runs/spnas-shapes)
     */
    public static void main(String[] args) {
        EngineSettings.defaults().apply();
        Path runDir = Path.of(args.length > 0 ? args[0] : "runs/spnas-shapes");
        SpNasResult r = SpNas.cpu()
                .optRunDirectory(runDir)
                .optResume(true)
                .optSeed(0)
                .addListener(SearchListener.progressBar())
                .addTrainingListener(TrainingListener.progressBar())
                .build()
                .run();
        System.out.printf(Locale.ROOT, "final architecture %s: held-out mAP %.2f, backbone params %,d, conv MACs %,d at %s%n",
                r.best().encode(), r.finalMap(), r.cost().params(), r.cost().convMacs(), r.cost().input());
        System.out.printf(Locale.ROOT, "serial candidates %d, parallel candidates %d; detector in %s%n",
                r.search().get().candidates().size(), r.parallelSearch().map(p -> p.candidates().size()).orElse(0),
                r.detectorDirectory());
    }
}
