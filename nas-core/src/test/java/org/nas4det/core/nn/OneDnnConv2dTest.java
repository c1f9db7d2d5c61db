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
    private static final Shape TWO = new Shape(2, 2);

    @Test
    void asksForDilationTwoOnlyWhereItChangesNothingButTheKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray few = m.ones(new Shape(2, 4, 5, 5));
            NDArray pointwise = m.ones(new Shape(3, 4, 1, 1));
            // Channels-last inputs always; default-format ones from 128 channels.
            assertThat(OneDnnConv2d.routed(few, pointwise, ONE, true)).isEqualTo(TWO);
            assertThat(OneDnnConv2d.routed(few, pointwise, ONE, false)).isEqualTo(ONE);
            assertThat(OneDnnConv2d.routed(m.ones(new Shape(2, 127, 5, 5)), m.ones(new Shape(3, 127, 1, 1)), ONE, false))
                    .isEqualTo(ONE);
            assertThat(OneDnnConv2d.routed(m.ones(new Shape(2, 128, 5, 5)), m.ones(new Shape(3, 128, 1, 1)), ONE, false))
                    .isEqualTo(TWO);
            // A 3x3 kernel keeps its dilation, whatever it is.
            assertThat(OneDnnConv2d.routed(few, m.ones(new Shape(3, 4, 3, 3)), ONE, true)).isEqualTo(ONE);
            assertThat(OneDnnConv2d.routed(few, m.ones(new Shape(3, 4, 3, 3)), TWO, true)).isEqualTo(TWO);
            // One sample of up to 20,480 values: libtorch would take its slower dilated path.
            NDArray at = m.ones(new Shape(1, 5, 64, 64));
            assertThat(at.size()).isEqualTo(20_480);
            assertThat(OneDnnConv2d.routed(at, m.ones(new Shape(3, 5, 1, 1)), ONE, true)).isEqualTo(ONE);
            assertThat(OneDnnConv2d.routed(m.ones(new Shape(1, 5, 64, 65)), m.ones(new Shape(3, 5, 1, 1)), ONE, true))
                    .isEqualTo(TWO);
            // Only float32 was measured.
            assertThat(OneDnnConv2d.routed(few.toType(DataType.FLOAT64, false), pointwise, ONE, true)).isEqualTo(ONE);
        }
    }

    /**
     * At one thread, where the routing changes the kernel: forward and all three gradients equal
     * DJL's convolution (libtorch's own path) up to float rounding, for 1x1 kernels with stride,
     * padding and groups, and a 3x3 for contrast.
     */
    @Test
    void equalsDjlsConvolutionForwardAndBackwardInBothFormats() {
        int[][] cases = {{1, 1, 0, 1}, {1, 2, 0, 1}, {1, 1, 1, 1}, {1, 1, 0, 2}, {3, 1, 1, 1}};
        atOneThread(() -> {
            for (int[] c : cases) {
                for (boolean channelsLast : new boolean[] {false, true}) {
                    try (NDManager m = NDManager.newBaseManager()) {
                        Engine.getInstance().setRandomSeed(11);
                        NDArray x0 = m.randomNormal(new Shape(3, 6, 7, 9));
                        NDArray x = channelsLast ? ChannelsLast.of(x0) : x0;
                        NDArray w = m.randomNormal(new Shape(4, 6 / c[3], c[0], c[0])).mul(0.1f);
                        NDArray b = m.randomNormal(new Shape(4));
                        Shape stride = new Shape(c[1], c[1]);
                        Shape pad = new Shape(c[2], c[2]);
                        float[][] ours = gradients(x, w, b, (xi, wi, bi) -> OneDnnConv2d.conv2d(xi, wi, bi, stride, pad, ONE, c[3], true).head());
                        float[][] djl = gradients(x, w, b, (xi, wi, bi) -> Conv2d.conv2d(xi, wi, bi, stride, pad, ONE, c[3]).head());
                        assertClose(ours, djl, java.util.Arrays.toString(c) + (channelsLast ? " channels-last" : ""));
                    }
                }
            }
        });
    }

    /** At two threads libtorch takes oneDNN for a 1x1 either way: the routing changes no bit. */
    @Test
    void changesNothingAtTwoThreads() {
        Engine.getInstance(); // loads the native library
        int threads = JniUtils.getNumThreads();
        try (NDManager m = NDManager.newBaseManager()) {
            JniUtils.setNumThreads(2);
            Engine.getInstance().setRandomSeed(13);
            NDArray x = ChannelsLast.of(m.randomNormal(new Shape(2, 24, 6, 6)));
            NDArray w = m.randomNormal(new Shape(16, 24, 1, 1));
            float[] ours = OneDnnConv2d.conv2d(x, w, null, ONE, new Shape(0, 0), ONE, 1, true).head().toFloatArray();
            float[] djl = Conv2d.conv2d(x, w, null, ONE, new Shape(0, 0), ONE, 1).head().toFloatArray();
            assertThat(ours).containsExactly(djl);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    @Test
    void theBlockEqualsDjlsOnAWideInput() {
        atOneThread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(12);
                NDArray x = m.randomNormal(new Shape(2, 128, 3, 4));
                Block ours = new OneDnnConv2d(Conv2d.builder().setFilters(5).setKernelShape(new Shape(1, 1)));
                Block djl = Conv2d.builder().setFilters(5).setKernelShape(new Shape(1, 1)).build();
                for (Block block : new Block[] {ours, djl}) {
                    block.setInitializer(new NormalInitializer(0.1f), ai.djl.nn.Parameter.Type.WEIGHT);
                    block.initialize(m, DataType.FLOAT32, x.getShape());
                }
                NDArray w = ours.getParameters().get("weight").getArray();
                NDArray b = ours.getParameters().get("bias").getArray();
                djl.getParameters().get("weight").getArray().set(w.toFloatArray());
                djl.getParameters().get("bias").getArray().set(b.toFloatArray());
                assertThat(OneDnnConv2d.routed(x, w, ONE, false)).isEqualTo(TWO);
                ParameterStore ps = new ParameterStore(m, false);
                float[] a = ours.forward(ps, new NDList(x), true).head().toFloatArray();
                float[] e = djl.forward(ps, new NDList(x), true).head().toFloatArray();
                assertClose(new float[][] {a}, new float[][] {e}, "block");
            }
        });
    }

    /** At one thread a batch's 1x1 convolution is oneDNN's, not libtorch's own GEMM path, in the engine's trace. */
    @Test
    void aPointwiseConvolutionOfABatchRunsInOneDnnAtOneThread(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        atOneThread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomNormal(new Shape(2, 16, 6, 6));
                NDArray w = m.randomNormal(new Shape(8, 16, 1, 1));
                JniUtils.startProfile(false, false, false);
                try {
                    OneDnnConv2d.conv2d(ChannelsLast.of(x), w, null, ONE, new Shape(0, 0), ONE, 1, true).head().close();
                } finally {
                    JniUtils.stopProfile(trace.toString());
                }
            }
        });
        String ops = Files.readString(trace);
        assertThat(ops).contains("aten::mkldnn_convolution").doesNotContain("aten::thnn_conv2d");
    }

    /** The declaration reaches the kernel choice through ConvBnAct, trained or folded. */
    @Test
    void aConvBnActDeclaredChannelsLastRoutesANarrowPointwiseConvolution(@TempDir Path dir) throws Exception {
        for (boolean declared : new boolean[] {false, true}) {
            for (boolean folded : new boolean[] {false, true}) {
                Path trace = dir.resolve("trace-" + declared + "-" + folded + ".json");
                atOneThread(() -> {
                    try (NDManager m = NDManager.newBaseManager()) {
                        ConvBnAct c = ConvBnAct.builder().setChannels(8).setKernel(1).optChannelsLastInput(declared).build();
                        NDArray x = ChannelsLast.of(m.randomNormal(new Shape(2, 16, 6, 6)));
                        c.initialize(m, DataType.FLOAT32, x.getShape());
                        try (BnFolding f = folded ? BnFolding.of(java.util.List.of(c), m) : null) {
                            JniUtils.startProfile(false, false, false);
                            try {
                                c.forward(new ParameterStore(m, false), new NDList(x), !folded).head().close();
                            } finally {
                                JniUtils.stopProfile(trace.toString());
                            }
                        }
                    }
                });
                String ops = Files.readString(trace);
                String label = (declared ? "declared" : "undeclared") + (folded ? ", folded" : "");
                if (declared) {
                    assertThat(ops).as(label).contains("aten::mkldnn_convolution").doesNotContain("aten::thnn_conv2d");
                } else {
                    assertThat(ops).as(label).contains("aten::thnn_conv2d");
                }
            }
        }
    }

    private static void atOneThread(Runnable r) {
        Engine.getInstance(); // loads the native library
        int threads = JniUtils.getNumThreads();
        try {
            JniUtils.setNumThreads(1);
            r.run();
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    private interface Conv {
        NDArray apply(NDArray x, NDArray w, NDArray b);
    }

    /** The output and the gradients of a weighted sum of it with respect to input, weight and bias. */
    private static float[][] gradients(NDArray x0, NDArray w0, NDArray b0, Conv conv) {
        try (NDManager step = x0.getManager().newSubManager()) {
            NDArray x = x0.duplicate();
            NDArray w = w0.duplicate();
            NDArray b = b0.duplicate();
            for (NDArray a : new NDArray[] {x, w, b}) {
                a.attach(step);
                a.setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.apply(x, w, b);
                // Weighted, so that every output's gradient differs.
                gc.backward(y.mul(step.arange((float) y.size()).reshape(y.getShape()).div(y.size())).sum());
                return new float[][] {
                    y.toFloatArray(), x.getGradient().toFloatArray(), w.getGradient().toFloatArray(), b.getGradient().toFloatArray()
                };
            }
        }
    }

    private static void assertClose(float[][] actual, float[][] expected, String label) {
        for (int part = 0; part < actual.length; part++) {
            assertThat(actual[part]).as("%s, part %d length", label, part).hasSameSizeAs(expected[part]);
            for (int i = 0; i < actual[part].length; i++) {
                assertThat(actual[part][i]).as("%s, part %d, element %d", label, part, i)
                        .isCloseTo(expected[part][i], offset(1e-4f * Math.max(1, Math.abs(expected[part][i]))));
            }
        }
    }
}
