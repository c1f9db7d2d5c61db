package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
