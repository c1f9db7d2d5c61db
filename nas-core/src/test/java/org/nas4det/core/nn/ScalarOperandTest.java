package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ScalarOperandTest {

    /** A garbage collection between forward and backward (forced here) must not change the gradient. */
    @Test
    void theGradientSurvivesAGarbageCollectionBeforeTheBackwardPass() throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(4));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = x.mul(ScalarOperand.of(x, 3)).div(ScalarOperand.of(x, 2));
                System.gc();
                Thread.sleep(200);
                for (int i = 0; i < 64; i++) {
                    ByteBuffer junk = ByteBuffer.allocateDirect(4096);
                    while (junk.remaining() >= 4) {
                        junk.putFloat(1e30f);
                    }
                }
                gc.backward(y.sum());
            }
            assertThat(x.getGradient().toFloatArray()).containsOnly(1.5f);
        }
    }
}
