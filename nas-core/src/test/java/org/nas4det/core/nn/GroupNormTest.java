package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class GroupNormTest {

    /** GroupNorm as its definition writes it (the block's former implementation). */
    private static NDArray writtenOut(NDArray x, NDArray gamma, NDArray beta, int groups, float eps) {
        Shape s = x.getShape();
        NDArray g = x.reshape(s.get(0), groups, -1);
        NDArray centred = g.sub(g.mean(new int[] {2}, true));
        NDArray var = centred.square().mean(new int[] {2}, true);
        NDArray normed = centred.div(var.add(eps).sqrt()).reshape(s);
        return normed.mul(gamma.reshape(1, s.get(1), 1, 1)).add(beta.reshape(1, s.get(1), 1, 1));
    }

    @Test
    void fusedKernelGivesTheDefinitionsOutputAndGradients() {
        compareWithTheDefinition(new Shape(2, 8, 5, 3), 4);
    }

    @Test
    void oneValuePerGroupNormalisesToZeroAsTheDefinitionDoes() {
        // A 1x1 map with one channel per group (P7 of a small input): each value normalises to 0.
        compareWithTheDefinition(new Shape(2, 8, 1, 1), 8);
    }

    @Test
    void theNeutralAffineIsKeptOncePerRowOutsideTheModelsArraysAndClosesWithItsManager() {
        NDArray[] kept;
        NDManager m = NDManager.newBaseManager();
        try (m) {
            GroupNorm gn = new GroupNorm(2, 4);
            gn.initialize(m, DataType.FLOAT32, new Shape(1, 4, 3, 3));
            ParameterStore ps = new ParameterStore(m, false);
            float[][] outputs = new float[3][];
            for (int k = 0; k < 3; k++) {
                // As a training step runs: in an NDScope, which must not take the kept pair with it.
                try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
                    NDArray x = step.arange(36f).reshape(1, 4, 3, 3);
                    outputs[k] = gn.forward(ps, new NDList(x), false).head().toFloatArray();
                }
                // Only gamma and beta: the kept pair is no array of the model an evaluation left behind.
                assertThat(m.getManagedArrays()).hasSize(2);
                assertThat(NeutralAffine.rowsKept(m)).isEqualTo(1);
            }
            assertThat(outputs[1]).containsExactly(outputs[0]);
            assertThat(outputs[2]).containsExactly(outputs[0]);
            // Rows of 2 channels x 9 positions: the pair the forwards used, the same object each time.
            kept = NeutralAffine.of(m, new Shape(18), Device.cpu(), DataType.FLOAT32).orElseThrow();
            assertThat(NeutralAffine.of(m, new Shape(18), Device.cpu(), DataType.FLOAT32)).containsSame(kept);
            assertThat(kept[0].isReleased()).isFalse();
            assertThat(kept[0].toFloatArray()).containsOnly(1f).hasSize(18);
            assertThat(kept[1].toFloatArray()).containsOnly(0f).hasSize(18);
        }
        assertThat(kept[0].isReleased()).isTrue();
        assertThat(kept[1].isReleased()).isTrue();
        assertThat(NeutralAffine.rowsKept(m)).isZero(); // the set is forgotten with its manager
    }

    @Test
    void theKeptAffineGivesBitForBitThePerCallResultAndBeyondCapacityEachCallMakesItsOwn() {
        try (NDManager m = NDManager.newBaseManager(); NDManager closed = NDManager.newBaseManager()) {
            closed.close(); // keeps nothing: the per-call pair, as before the pairs were kept
            Engine.getInstance().setRandomSeed(4);
            NDArray x = m.randomNormal(new Shape(2, 8, 5, 3)).mul(3).add(2);
            float[] perCall = GroupNorm.normalise(x, 4, 1e-5f, closed).toFloatArray();
            float[] kept = GroupNorm.normalise(x, 4, 1e-5f, m).toFloatArray();
            assertThat(kept).containsExactly(perCall);
            for (int len = 1; len <= NeutralAffine.CAPACITY; len++) {
                NeutralAffine.of(m, new Shape(100 + len), Device.cpu(), DataType.FLOAT32);
            }
            int arrays = m.getManagedArrays().size();
            assertThat(NeutralAffine.of(m, new Shape(99), Device.cpu(), DataType.FLOAT32)).isEmpty();
            float[] full = GroupNorm.normalise(x, 2, 1e-5f, m).toFloatArray(); // row 60: not kept, the set is full
            assertThat(m.getManagedArrays()).hasSize(arrays + 2); // the reshaped view and the output
            assertThat(full).containsExactly(GroupNorm.normalise(x, 2, 1e-5f, closed).toFloatArray());
        }
    }

    private static void compareWithTheDefinition(Shape in, int groups) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            GroupNorm gn = new GroupNorm(groups, 8);
            gn.initialize(m, DataType.FLOAT32, in);
            NDArray gamma = gn.getParameters().get("gamma").getArray();
            NDArray beta = gn.getParameters().get("beta").getArray();
            gamma.set(m.randomNormal(new Shape(8)).add(1).toFloatArray());
            beta.set(m.randomNormal(new Shape(8)).toFloatArray());
            NDArray x = m.randomNormal(in).mul(3).add(2);
            float[][] fused = outputAndGradients(x, gamma, beta,
                    xx -> gn.forward(new ParameterStore(m, false), new NDList(xx), true).head());
            float[][] reference = outputAndGradients(x, gamma, beta, xx -> writtenOut(xx, gamma, beta, groups, 1e-5f));
            for (int k = 0; k < fused.length; k++) {
                assertThat(fused[k]).hasSameSizeAs(reference[k]);
                for (int i = 0; i < fused[k].length; i++) {
                    assertThat(fused[k][i]).as("array %d element %d", k, i).isCloseTo(reference[k][i], offset(2e-4f));
                }
            }
            // The output is not trivially equal to the input: gamma and beta were applied.
            assertThat(fused[0][0]).isNotCloseTo(x.toFloatArray()[0], offset(1e-3f));
            assertThat(fused[0][0]).isNotCloseTo(0f, offset(1e-3f));
        }
    }

    /** Forward, then backward of sum(y · u) for a fixed u: output, dx, dgamma, dbeta. */
    private static float[][] outputAndGradients(NDArray x0, NDArray gamma, NDArray beta,
            java.util.function.UnaryOperator<NDArray> f) {
        NDManager m = x0.getManager();
        NDArray x = x0.duplicate();
        x.setRequiresGradient(true);
        for (NDArray p : new NDArray[] {gamma, beta}) {
            p.setRequiresGradient(true);
            if (p.hasGradient()) {
                p.getGradient().muli(0); // the engine accumulates gradients: start each run from zero
            }
        }
        Engine.getInstance().setRandomSeed(5);
        NDArray u = m.randomNormal(x0.getShape());
        float[] y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = f.apply(x);
            y = out.toFloatArray();
            gc.backward(out.mul(u).sum());
        }
        return new float[][] {y, x.getGradient().toFloatArray(), gamma.getGradient().toFloatArray(),
            beta.getGradient().toFloatArray()};
    }
}
