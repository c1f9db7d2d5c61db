package org.nas4det.examples.cli;

import com.google.gson.JsonObject;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.nn.resnet.ResNets;

/**
 * BENCHMARKS.md {@code fcos-step}: FCOS with a ResNet-18 backbone, FPN 256 on C3-C5 with P6/P7
 * from P5, heads of 4 × (conv + GN(32) + ReLU), 5 classes; a batch of 2 N(0,1) images 3x320x320
 * with 3 boxes each. One training step through the real training loop (forward with losses,
 * backward, SGD lr 0.01 momentum 0.9 wd 1e-4) and one inference pass (eval mode, decode, NMS).
 */
final class FcosStepBench {

    private FcosStepBench() {}

    static JsonObject run(int warmup, int iters) {
        return DetectorStepBench.run("fcos-step", () -> Detector.fcos(ResNets.body(18, 3, 4, 5), 5).build(),
                new int[] {0, 1, 2, 3, 4, 0}, 5, warmup, iters);
    }

    /**
     * {@code frcnn-step}: Faster R-CNN, ResNet-18, FPN 256 on C2-C5 + P6 by max-pooling, torchvision's
     * defaults ({@link org.nas4det.core.detect.FasterRcnnSettings}); 5 classes including the background.
     */
    static JsonObject frcnn(int warmup, int iters) {
        return DetectorStepBench.run("frcnn-step", () -> Detector.fasterRcnn(ResNets.body(18, 2, 3, 4, 5), 4).build(),
                new int[] {0, 1, 2, 3, 0, 1}, 5, warmup, iters);
    }

    /** {@code gfl-step}: GFL, ResNet-18, FPN 256 on C3-C5 with P6/P7 from P5, 4 × (conv + GN + ReLU) towers, 5 classes. */
    static JsonObject gfl(int warmup, int iters) {
        return DetectorStepBench.run("gfl-step", () -> Detector.gfl(ResNets.body(18, 3, 4, 5), 5).build(),
                new int[] {0, 1, 2, 3, 4, 0}, 5, warmup, iters);
    }
}
