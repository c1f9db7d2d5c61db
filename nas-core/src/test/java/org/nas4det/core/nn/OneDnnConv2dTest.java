package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneDnnConv2dTest {

    private static final Shape ONE = new Shape(1, 1);

    @Test
    void asksForDilationTwoOnlyWhereItChangesNothingButTheKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray batch = m.ones(new Shape(2, 4, 5, 5));
            NDArray pointwise = m.ones(new Shape(3, 4, 1, 1));
            assertThat(OneDnnConv2d.routed(batch, pointwise, ONE)).isEqualTo(new Shape(2, 2));
            // A 3x3 kernel keeps its dilation, whatever it is.
            assertThat(OneDnnConv2d.routed(batch, m.ones(new Shape(3, 4, 3, 3)), ONE)).isEqualTo(ONE);
            assertThat(OneDnnConv2d.routed(batch, m.ones(new Shape(3, 4, 3, 3)), new Shape(2, 2)))
                    .isEqualTo(new Shape(2, 2));
            // One small sample: libtorch would take its slower dilated path, so nothing is asked.
            assertThat(OneDnnConv2d.routed(m.ones(new Shape(1, 4, 5, 5)), pointwise, ONE)).isEqualTo(ONE);
            // One large sample goes to oneDNN like a batch.
            assertThat(OneDnnConv2d.routed(m.ones(new Shape(1, 4, 80, 80)), pointwise, ONE)).isEqualTo(new Shape(2, 2));
        }
    }

    @Test
    void equalsDjlsConvolutionForwardAndBackwardInBothFormats() {
        for (int kernel : new int[] {1, 3}) {
            for (boolean channelsLast : new boolean[] {false, true}) {
                try (NDManager m = NDManager.newBaseManager()) {
                    Engine.getInstance().setRandomSeed(11);
                    NDArray x0 = m.randomNormal(new Shape(3, 6, 7, 9));
                    NDArray x = channelsLast ? ChannelsLast.of(x0) : x0;
                    Shape pad = new Shape(kernel / 2, kernel / 2);
                    Block ours = new OneDnnConv2d(Conv2d.builder().setFilters(5).setKernelShape(new Shape(kernel, kernel)).optPadding(pad));
                    Block djl = Conv2d.builder().setFilters(5).setKernelShape(new Shape(kernel, kernel)).optPadding(pad).build();
                    for (Block b : new Block[] {ours, djl}) {
                        b.setInitializer(new NormalInitializer(0.1f), ai.djl.nn.Parameter.Type.WEIGHT);
                        b.initialize(m, DataType.FLOAT32, x.getShape());
                    }
                    djl.getParameters().get("weight").getArray().set(ours.getParameters().get("weight").getArray().toFloatArray());
                    djl.getParameters().get("bias").getArray().set(ours.getParameters().get("bias").getArray().toFloatArray());
                    float[][] a = forwardAndGradients(ours, x);
                    float[][] b = forwardAndGradients(djl, x);
                    String label = kernel + "x" + kernel + (channelsLast ? " channels-last" : "");
                    for (int part = 0; part < a.length; part++) {
                        assertThat(a[part]).as("%s, part %d length", label, part).hasSameSizeAs(b[part]);
                        for (int i = 0; i < a[part].length; i++) {
                            assertThat(a[part][i]).as("%s, part %d, element %d", label, part, i)
                                    .isCloseTo(b[part][i], offset(1e-4f * Math.max(1, Math.abs(b[part][i]))));
                        }
                    }
                }
            }
        }
    }

    /** At one thread a batch's 1x1 convolution is oneDNN's, not libtorch's own GEMM path, in the engine's trace. */
    @Test
    void aPointwiseConvolutionOfABatchRunsInOneDnnAtOneThread(@TempDir Path dir) throws Exception {
        Engine.getInstance(); // loads the native library
        int threads = JniUtils.getNumThreads();
        Path trace = dir.resolve("trace.json");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 16, 6, 6));
            NDArray w = m.randomNormal(new Shape(8, 16, 1, 1));
            JniUtils.setNumThreads(1);
            JniUtils.startProfile(false, false, false);
            try {
                OneDnnConv2d.conv2d(x, w, null, ONE, new Shape(0, 0), ONE, 1).head().close();
            } finally {
                JniUtils.stopProfile(trace.toString());
                JniUtils.setNumThreads(threads);
            }
        }
        String ops = Files.readString(trace);
        assertThat(ops).contains("aten::mkldnn_convolution").doesNotContain("aten::thnn_conv2d");
    }

    private static float[][] forwardAndGradients(Block block, NDArray input) {
        try (NDManager step = input.getManager().newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(step);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(step, false), new NDList(x), true).head();
                // A weighted sum, so that every output's gradient differs.
                NDArray loss = y.mul(step.arange((float) y.size()).reshape(y.getShape()).div(y.size())).sum();
                gc.backward(loss);
                float[][] r = {
                    y.toFloatArray(),
                    x.getGradient().toFloatArray(),
                    block.getParameters().get("weight").getArray().getGradient().toFloatArray(),
                    block.getParameters().get("bias").getArray().getGradient().toFloatArray()
                };
                return r;
            }
        }
    }
}
