package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4det.core.nn.resnet.ResNetBody;
import org.nas4det.core.nn.resnet.ResNets;
import org.nas4det.core.train.BnRecalibration;

class BnFoldingTest {

    @Test
    void foldedInferenceEqualsConvolutionThenBatchNormUpToFloatError() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 3, 64, 64);
            ResNetBody body = body(m, in);
            ParameterStore ps = new ParameterStore(m, false);
            // Statistics and affine parts far from the identity, as after training.
            List<BatchNorm2d> bns = BnRecalibration.layers(body);
            for (BatchNorm2d bn : bns) {
                long c = bn.gamma().getArray().size();
                bn.gamma().getArray().set(m.randomUniform(0.5f, 1.5f, new Shape(c)).toFloatArray());
                bn.beta().getArray().set(m.randomNormal(new Shape(c)).mul(0.1f).toFloatArray());
                bn.setMomentum(1f);
            }
            body.forward(ps, new NDList(m.randomNormal(in).mul(2).add(0.5f)), true); // running statistics := one batch's
            NDArray x = m.randomNormal(in);
            float[][] plain = outputs(body.forward(ps, new NDList(x), false));
            float[][] folded;
            try (BnFolding f = BnFolding.of(List.of(body), m)) {
                assertThat(f.size()).isEqualTo(bns.size()); // every BN of a ResNet follows a conv
                bns.forEach(BatchNorm2d::clearLastInputShape);
                folded = outputs(body.forward(ps, new NDList(x), false));
                // No BN ran: the folded convolutions did the work.
                assertThat(bns).allSatisfy(bn -> assertThat(bn.lastInputShape()).isNull());
            }
            for (int k = 0; k < plain.length; k++) {
                float max = 0;
                for (float v : plain[k]) {
                    max = Math.max(max, Math.abs(v));
                }
                for (int i = 0; i < plain[k].length; i++) {
                    assertThat(folded[k][i]).as("output %d element %d", k, i).isCloseTo(plain[k][i], offset(1e-4f * max));
                }
            }
            // Closed: back to convolution and BN, bit for bit.
            assertThat(outputs(body.forward(ps, new NDList(x), false))[2]).containsExactly(plain[2]);
        }
    }

    @Test
    void aPairThatFailsToFoldLeavesNoneFolded() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 3, 32, 32);
            ResNetBody body = body(m, in);
            ParameterStore ps = new ParameterStore(m, false);
            ConvBnAct uninitialised = ConvBnAct.builder().setChannels(4).setKernel(3).build();
            assertThatThrownBy(() -> BnFolding.of(List.of(body, uninitialised), m)).isInstanceOf(RuntimeException.class);
            // The body's pairs, folded before the failure, compute with their BN again.
            List<BatchNorm2d> bns = BnRecalibration.layers(body);
            bns.forEach(BatchNorm2d::clearLastInputShape);
            body.forward(ps, new NDList(m.randomNormal(in)), false);
            assertThat(bns).allSatisfy(bn -> assertThat(bn.lastInputShape()).isNotNull());
        }
    }

    @Test
    void aFoldedPairIsNotFoldedAgainAndTheOpenFoldingStaysWhole() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 3, 32, 32);
            ResNetBody body = body(m, in);
            ParameterStore ps = new ParameterStore(m, false);
            List<BatchNorm2d> bns = BnRecalibration.layers(body);
            try (BnFolding outer = BnFolding.of(List.of(body, body), m)) {
                assertThat(outer.size()).as("a block reached twice folds once").isEqualTo(bns.size());
                assertThatThrownBy(() -> BnFolding.of(List.of(body), m)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already folded");
                // The refused folding closed nothing of the open one: still folded, no BN runs.
                bns.forEach(BatchNorm2d::clearLastInputShape);
                body.forward(ps, new NDList(m.randomNormal(in)), false);
                assertThat(bns).allSatisfy(bn -> assertThat(bn.lastInputShape()).isNull());
            }
        }
    }

    /** A ResNet-18 body (quarter width), initialised from a fixed seed. */
    private static ResNetBody body(NDManager m, Shape in) {
        Engine.getInstance().setRandomSeed(2);
        ResNetBody body = ResNets.body(18, 3, 4, 5);
        body.initialize(m, DataType.FLOAT32, in);
        return body;
    }

    private static float[][] outputs(NDList out) {
        float[][] a = new float[out.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i).toFloatArray();
        }
        return a;
    }
}
