package org.nas4det.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.random.SeededRandom;
import org.nas4det.core.train.DatasetBatches;
import org.nas4det.detnas.BnPolicy;
import org.nas4det.detnas.DetNasEvaluator;
import org.nas4det.detnas.DetNasSpace;
import org.nas4det.detnas.DetNasSupernet;

/**
 * BENCHMARKS.md {@code search-memory}: resident memory and live NDArrays before and after N
 * candidate evaluations on one supernet (small space, FCOS head of 16 channels on C3..C5, 64 px
 * synthetic images, BN recalibration on 8 training images, AP on 4 held-out images). A search
 * that copied weights per candidate or leaked arrays would grow here.
 */
final class SearchMemoryBench {

    private SearchMemoryBench() {}

    static JsonObject run(int candidates) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("nas-search-memory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(8).valImages(1).holdoutImages(4).seed(0).build()
                    .writeDetection(tmp);
            DetectionData train = CocoData.reader().read(l.annotations("train"), l.images("train"));
            DetectionData held = CocoData.reader().read(l.annotations("holdout"), l.images("holdout"));
            DetectionDataset calibration = DetectionDataset.builder().setData(train)
                    .optTransforms(DetectionDataset.evalTransforms(64, 64)).setSampling(8, false).build();
            DetectionDataset holdout = DetectionDataset.builder().setData(held)
                    .optTransforms(DetectionDataset.evalTransforms(64, 64)).setSampling(4, false).build();
            Engine.getInstance().setRandomSeed(0);
            DetNasSpace space = DetNasSpace.builder().optLevels(3, 4, 5).build();
            DetNasSupernet supernet = DetNasSupernet.of(space);
            Detector detector = supernet.detector("fcos", train.categories().size(), 16, 1);
            detector.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            DetNasEvaluator evaluator = new DetNasEvaluator(supernet, detector, DatasetBatches.of(calibration, 8, 0), 8, holdout,
                    BnPolicy.RECALIBRATE, m);
            SeededRandom rng = new SeededRandom(0);
            System.gc();
            double rssStart = rssMb();
            int arraysStart = m.getManagedArrays().size();
            long t0 = System.nanoTime();
            double rssMid = rssStart;
            for (int i = 0; i < candidates; i++) {
                evaluator.evaluate(space.sample(rng));
                if (i == candidates / 2) {
                    // Growth between the middle and the end, unlike growth from the start, excludes
                    // the allocator's warm-up: a steady leak shows there.
                    rssMid = rssMb();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.gc();
            JsonObject o = new JsonObject();
            o.addProperty("workload", "search-memory");
            o.addProperty("candidates", candidates);
            o.addProperty("space", "small");
            o.addProperty("input", "3x64x64");
            o.addProperty("calibration_images", 8);
            o.addProperty("holdout_images", 4);
            o.addProperty("rss_mb_start", rssStart);
            o.addProperty("rss_mb_mid", rssMid);
            o.addProperty("rss_mb_end", rssMb());
            o.addProperty("heap_mb_end", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
            o.addProperty("ndarrays_alive_start", arraysStart);
            o.addProperty("ndarrays_alive_end", m.getManagedArrays().size());
            o.addProperty("ms_per_candidate", seconds * 1000 / Math.max(1, candidates));
            return o;
        } finally {
            delete(tmp);
        }
    }

    /** Resident set size from /proc (Linux); -1 elsewhere. */
    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
