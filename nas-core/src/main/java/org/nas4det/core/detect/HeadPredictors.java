package org.nas4det.core.detect;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import org.nas4det.core.nn.TorchInitializers;

/**
 * The 3×3 prediction convs of dense heads, initialised as FCOS and RetinaNet do: weights
 * N(0, 0.01), zero bias; the classifier's bias set so that every class starts at probability 0.01.
 *
 * <pre>{@code Block cls = HeadPredictors.classifier(80); Block box = HeadPredictors.regressor(4);}</pre>
 */
final class HeadPredictors {

    /** Prior probability of a positive at initialisation. */
    static final float PRIOR = 0.01f;

    private HeadPredictors() {}

    /** A 3×3 conv with bias, N(0, 0.01) weights and zero bias. */
    static Block regressor(int out) {
        Block b = Conv2d.builder().setFilters(out).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build();
        b.setInitializer(TorchInitializers.normal(0.01), Parameter.Type.WEIGHT);
        b.setInitializer(TorchInitializers.constant(0), Parameter.Type.BIAS);
        return b;
    }

    /** A regressor whose bias is −log((1 − π) / π), the focal-loss prior. */
    static Block classifier(int out) {
        Block b = regressor(out);
        b.setInitializer(TorchInitializers.constant((float) -Math.log((1 - PRIOR) / PRIOR)), Parameter.Type.BIAS);
        return b;
    }
}
